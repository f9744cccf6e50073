// The test containers' lifecycle outside the tests (packages/testing/dist/test-containers-cli.js):
//   reap <idle seconds>  (started detached by the process that starts the containers) waits until no test process
//                        has used them for that long, then removes them;
//   stop                 removes them now (.ci/run does, after npm test).
import { setTimeout as sleep } from 'node:timers/promises';
import { withStateLock } from '@winnow/infra/state-lock';
import { clearContainerState, containerStateDir, liveLeases, readContainerState, removeContainers, runningReaper } from './test-containers-state.js';

const dir = containerStateDir();
const log = (message: string) => process.stderr.write(`${new Date().toISOString()} test containers: ${message}\n`);

/** Removes the recorded containers under the lock, unless `onlyIfIdle` and a test process has come back. */
async function removeAll(onlyIfIdle: boolean): Promise<boolean> {
  return withStateLock(dir, async () => {
    if (onlyIfIdle && liveLeases(dir).length > 0) return false;
    clearContainerState(dir);
    log(`removed ${await removeContainers(dir)} test containers`);
    return true;
  });
}

async function reap(idleSeconds: number): Promise<void> {
  log(`reaper ${process.pid}: removing the containers ${idleSeconds} s after the last test process ends`);
  let lastBusy = Date.now();
  for (;;) {
    await sleep(2_000);
    if (readContainerState(dir) === null) {
      log('nothing recorded any more; reaper exits');
      return;
    }
    if (runningReaper(dir) !== process.pid) {
      log('another reaper took over; exiting');
      return;
    }
    if (liveLeases(dir).length > 0) lastBusy = Date.now();
    else if (Date.now() - lastBusy > idleSeconds * 1000 && (await removeAll(true))) return;
  }
}

const [command, arg] = process.argv.slice(2);
const idle = Number(arg);
const action = command === 'stop' ? () => removeAll(false).then(() => undefined) : command === 'reap' && idle > 0 ? () => reap(idle) : null;
if (action === null) {
  process.stderr.write('usage: node packages/testing/dist/test-containers-cli.js stop | reap <idle seconds>\n');
  process.exit(2);
}
action().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`${command} failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
