// Where `ebb up` finds what it runs: the checkout it was built from (the folder with nx.json and
// deploy/ above this file, whether it runs as source or as dist/apps/cli/main.js), the app bundles
// under dist/apps/, the local overlays (plain, and with Routes on the Istio class) and the example
// service.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The platform's apps, each run from `dist/apps/<app>/main.js` as the image `dev.local/ebb/<app>:dev`. */
export const PLATFORM_APPS = ['controller', 'activator', 'autoscaler', 'networking', 'webhook'] as const;

/** The checkout's layout. */
export interface Checkout {
  readonly root: string;
  /** `dist/apps/<app>/main.js`. */
  bundle(app: string): string;
  /** deploy/overlays/local. */
  readonly overlay: string;
  /** deploy/overlays/local-istio: the local overlay with Routes on the Istio class (`ebb up --istio`). */
  readonly istioOverlay: string;
  readonly exampleDir: string;
  readonly exampleService: string;
}

/** The checkout above `from` (default: this file), or undefined when `ebb` runs from elsewhere. */
export function findCheckout(from: string = path.dirname(fileURLToPath(import.meta.url))): Checkout | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json')) && existsSync(path.join(dir, 'deploy'))) return checkoutAt(dir);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The layout of the checkout at `root`. */
export function checkoutAt(root: string): Checkout {
  return {
    root,
    bundle: (app) => path.join(root, 'dist', 'apps', app, 'main.js'),
    overlay: path.join(root, 'deploy', 'overlays', 'local'),
    istioOverlay: path.join(root, 'deploy', 'overlays', 'local-istio'),
    exampleDir: path.join(root, 'examples', 'hello'),
    exampleService: path.join(root, 'examples', 'hello', 'service.yaml'),
  };
}

/** The image reference of a platform app on the local cluster. */
export function platformImage(app: string): string {
  return `dev.local/ebb/${app}:dev`;
}
