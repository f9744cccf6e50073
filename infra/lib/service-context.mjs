// The build context of infra/images/services/Dockerfile, assembled from this checkout by `npm run images`:
// the workspace is built here (turbo, cached), and only what the services run is copied in, so that no npm ci
// or TypeScript build runs inside `docker build` (that took 660 s of a 999 s `npm run images` on a loaded machine).
//   app/   root package.json (its workspaces cut to the ones the services need) and package-lock.json; each such
//          workspace's package.json, built dist/ and other runtime files (no sources, tests, benches, TypeScript
//          or vitest configs), the four services' included (under 1 MB together); node_modules pruned to
//          production dependencies
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { output, repoRoot, run } from './docker.mjs';

/** The services built into images; topics-init runs infra/scripts/create-topics.mjs from the shared part. */
const SERVICES = Object.freeze(['crawler', 'extractor', 'deduplicator', 'api']);

/** Path segments that never reach an image (what the old in-image build deleted after `npm prune`). */
const DROPPED_DIRS = new Set(['src', 'test', 'bench', 'dist-dev', '.turbo', 'node_modules']);
/** @param {string} name */
const droppedFile = (name) => /^tsconfig.*\.json$/.test(name) || /^vitest\.config\./.test(name) || name === 'Dockerfile' || name.endsWith('.md');

/**
 * The workspaces the services depend on, transitively, plus infra (topics.json, create-topics), as folders.
 * @returns {string[]}
 */
function neededWorkspaces() {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'));
  const seen = new Set();
  const queue = [...SERVICES.map((s) => `services/${s}`), 'infra'];
  while (queue.length > 0) {
    const folder = /** @type {string} */ (queue.pop());
    if (seen.has(folder)) continue;
    seen.add(folder);
    const manifest = JSON.parse(readFileSync(join(repoRoot, folder, 'package.json'), 'utf8'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      const resolved = lock.packages?.[`node_modules/${dep}`]?.resolved;
      if (lock.packages?.[`node_modules/${dep}`]?.link && typeof resolved === 'string') queue.push(resolved);
    }
  }
  return [...seen].sort();
}

/** @param {string} path a repository-relative path inside a workspace */
function kept(path) {
  const parts = path.split('/');
  return !parts.slice(0, -1).some((p) => DROPPED_DIRS.has(p)) && !droppedFile(/** @type {string} */ (parts.at(-1)));
}

/**
 * Hard links (same file system) or copies a folder tree; hard links make the 500 MB node_modules cheap to take.
 * @param {string} from
 * @param {string} to
 */
function linkTree(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [src, dst] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) linkTree(src, dst);
    else if (entry.isSymbolicLink()) cpSync(src, dst, { verbatimSymlinks: true });
    else {
      try {
        linkSync(src, dst);
      } catch {
        cpSync(src, dst);
      }
    }
  }
}

/** The services and what they depend on, built on this machine (turbo: nothing to do when they are built). */
export function buildServicesHere() {
  return run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only', ...SERVICES.map((s) => `--filter=@winnow/${s}...`)]);
}

/**
 * Assembles the context from the built checkout (buildServicesHere first) in a new folder under infra/.local
 * (the checkout's file system, for the hard links). The caller removes it.
 * @returns {Promise<string>}
 */
export async function serviceContext() {
  const workspaces = neededWorkspaces();
  const context = join(repoRoot, 'infra/.local', `services-context-${process.pid}`);
  rmSync(context, { recursive: true, force: true });
  const app = join(context, 'app');

  const files = (output('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...workspaces]) ?? '').split('\0').filter(Boolean);
  if (files.length === 0) throw new Error(`git ls-files listed nothing in ${repoRoot}: run npm run images inside a git checkout`);
  for (const file of files) {
    if (!kept(file) || !existsSync(join(repoRoot, file)) || file.startsWith('infra/images/') || file.startsWith('infra/k8s/')) continue;
    mkdirSync(dirname(join(app, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(app, file));
  }
  for (const folder of workspaces) {
    const dist = join(repoRoot, folder, 'dist');
    if (existsSync(dist) && statSync(dist).isDirectory()) cpSync(dist, join(app, folder, 'dist'), { recursive: true });
    // Workspaces' own node_modules hold versions the hoisted ones do not satisfy; prune sorts out which stay.
    const nested = join(repoRoot, folder, 'node_modules');
    if (existsSync(nested)) linkTree(nested, join(app, folder, 'node_modules'));
  }

  // Production dependencies: this checkout's node_modules, pruned. No registry needed, and the same versions
  // the tests ran with. (No dependency of the services builds native code, so the tree fits any linux image.)
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ ...manifest, workspaces, devDependencies: undefined, scripts: undefined }, null, 2)}\n`);
  cpSync(join(repoRoot, 'package-lock.json'), join(app, 'package-lock.json'));
  linkTree(join(repoRoot, 'node_modules'), join(app, 'node_modules'));
  await run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app });
  return context;
}
