export { checkSettings, type AppSettings, type StartupPlan } from './check-settings.ts';
export { loadEnvFile, updateEnvFile } from './env-file.ts';
export { readPrivateKey, type PrivateKeyResult } from './private-key.ts';
export { githubPage, serveRegistration, type RegistrationServer } from './register.ts';
