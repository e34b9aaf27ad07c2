/**
 * PostgreSQL settings for a small, short-lived PGlite store (one workflow run): 16 MB of shared buffers instead of
 * PostgreSQL's 128 MB, so PGlite's WebAssembly memory stays at its 128 MB floor instead of growing to ~190 MB. Given
 * after PGlite's own start parameters, so these win. Apart from open-database.ts so that the App's store process
 * (app/action/store-server.ts) can use it without loading the query builder.
 */
export const PGLITE_SMALL_MEMORY_SETTINGS: readonly string[] = ['-c', 'shared_buffers=16MB', '-c', 'temp_buffers=1MB'];
