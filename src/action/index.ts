// The runner's entry (`runs.main: dist/index.js` in action.yml): runs the Action. The logic is main.ts's `run()`,
// kept apart so that @github/local-action can import it and call it, as the actions/typescript-action template lays
// an action out.
import { run } from './main.ts';

await run();
