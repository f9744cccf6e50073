import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonFileSync, writeJsonFileSync } from '@winnow/state-file';
import { getContainerRuntimeClient } from 'testcontainers';
import type { Infra, TestImages } from './infra-shape.js';

/** What infra/.local/testcontainers/state.json records about the running test containers. */
export interface ContainerState {
  readonly images: TestImages;
  readonly infra: Infra;
  readonly containerIds: readonly string[];
}

/** infra/.local/testcontainers: one per checkout, so every workspace's tests of one run find the same containers. */
export function containerStateDir(): string {
  return fileURLToPath(new URL('./.local/testcontainers/', import.meta.resolve('@winnow/infra/topics')));
}

export function readContainerState(dir: string): ContainerState | null {
  const state = readJsonFileSync(join(dir, 'state.json')) as ContainerState | undefined;
  return state?.infra !== undefined && Array.isArray(state.containerIds) ? state : null;
}

export function writeContainerState(dir: string, state: ContainerState): void {
  writeJsonFileSync(join(dir, 'state.json'), state);
}

export function clearContainerState(dir: string): void {
  rmSync(join(dir, 'state.json'), { force: true });
}

/** A test process using the containers: the reaper keeps them while any such process lives. */
export function addLease(dir: string, pid: number): void {
  mkdirSync(join(dir, 'leases'), { recursive: true });
  writeFileSync(join(dir, 'leases', String(pid)), '');
}

/** The pids of live leases; leases of processes that ended are deleted. */
export function liveLeases(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(join(dir, 'leases'));
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const name of names) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) live.push(pid);
    else rmSync(join(dir, 'leases', name), { force: true });
  }
  return live;
}

/** The reaper's pid when one is running for this state dir. */
export function runningReaper(dir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, 'reaper.pid'), 'utf8').trim());
  } catch {
    return null;
  }
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/** The label every test container carries: its value is the checkout's state dir. */
export const containerLabel = 'org.winnow.test-infra';

/**
 * Removes (killing first) every container labelled for this state dir, with its anonymous volumes: the recorded
 * ones and any a test process started but was killed before recording. Returns how many there were.
 */
export async function removeContainers(dir: string): Promise<number> {
  const client = await getContainerRuntimeClient();
  const found = await client.container.dockerode.listContainers({ all: true, filters: { label: [`${containerLabel}=${dir}`] } });
  await Promise.all(
    found.map(async ({ Id }) => {
      try {
        await client.container.getById(Id).remove({ force: true, v: true });
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      }
    }),
  );
  return found.length;
}

/**
 * For each container labelled for this state dir that is no longer running: its image, exit code and last log lines,
 * so a start that failed because a container exited says why.
 */
export async function stoppedContainers(dir: string): Promise<string[]> {
  const client = await getContainerRuntimeClient();
  const found = await client.container.dockerode.listContainers({ all: true, filters: { label: [`${containerLabel}=${dir}`] } });
  return Promise.all(
    found
      .filter(({ State }) => State !== 'running')
      .map(async ({ Id, Image, Status }) => {
        const logs = await client.container.dockerode.getContainer(Id).logs({ stdout: true, stderr: true, tail: 15, follow: false });
        return `${Image} (${Status}) logged:\n${demuxedText(logs).trimEnd()}`;
      }),
  );
}

/** Docker's multiplexed log stream (8-byte frame headers) as text. */
function demuxedText(raw: Buffer): string {
  const parts: Buffer[] = [];
  for (let at = 0; at + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(at + 4);
    parts.push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
