import { Server as HttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createDashboardHandler, isDashboardPath, type DashboardDeps, type DashboardHandler } from './dashboard-handler.ts';

/**
 * Where the dashboard is mounted: Probot's own server or an app function's options (both have `addHandler`, Probot
 * 14's way of adding routes), or the plain Node server `npm start` builds around Probot's middleware.
 */
export type DashboardRouter = { addHandler(handler: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>): void } | HttpServer;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves the dashboard under /dashboard on `router`; every other path goes on to what was there before. On a Node
 * server, requests for /dashboard are answered here and never reach the earlier listeners (Probot's middleware
 * would answer them 404); other requests reach them unchanged.
 */
export function mountDashboard(router: DashboardRouter, deps: DashboardDeps): DashboardHandler {
  const handler = createDashboardHandler(deps);
  if (!(router instanceof HttpServer)) {
    router.addHandler(handler);
    return handler;
  }
  const earlier = router.listeners('request') as Listener[];
  router.removeAllListeners('request');
  router.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isDashboardPath(req.url)) {
      void handler(req, res);
      return;
    }
    for (const listener of earlier) listener.call(router, req, res);
  });
  return handler;
}
