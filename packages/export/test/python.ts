import { execFileSync } from 'node:child_process';

/**
 * Runs python3 with pyarrow and duckdb, readers nobody on the team wrote. Throws a clear message when
 * they are missing: these tests fail rather than skip.
 */
export function requirePythonReaders(): void {
  try {
    execFileSync('python3', ['-c', 'import pyarrow, duckdb'], { stdio: 'pipe' });
  } catch (err) {
    const detail = err instanceof Error && 'stderr' in err ? String((err as { stderr: unknown }).stderr).trim().split('\n').pop() : String(err);
    throw new Error(`these tests read exports back with python3, pyarrow and duckdb: run \`pip install pyarrow duckdb\` (${detail})`);
  }
}

export function runPython(args: string[]): string {
  return execFileSync('python3', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
