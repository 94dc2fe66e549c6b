// A real iamgate process (dist/src/server.js, so `npm run build` first) for tests that need more than
// one process, or a process to kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';

const root = join(__dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  http: ReturnType<typeof request>;
  stdout: () => string;
  /** What it wrote to stderr so far (the listening line, a cluster's worker restarts). */
  stderr: () => string;
}

export interface BootLine {
  organizationId: string;
  serviceAccountId: string;
  clientId: string;
  clientSecret: string;
}

/** Starts a server with `env` added to this process's environment; resolves once it listens. */
export function startServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: root,
    env: { ...process.env, PORT: '0', BCRYPT_COST: '4', LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      err += d;
      const m = /listening on http:\/\/\S+:(\d+)/.exec(err); // any HOST; the tests connect to 127.0.0.1
      if (m) resolve({ child, port: Number(m[1]), http: request(`http://127.0.0.1:${m[1]}`), stdout: () => out, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

/** The first-start line with the bootstrap Admin's credentials. */
export function bootLineOf(p: ServerProcess): BootLine {
  return JSON.parse(
    p
      .stdout()
      .split('\n')
      .find((l) => l.includes('clientSecret'))!,
  ) as BootLine;
}

/** Stops the process with `signal` (SIGTERM: gracefully) and resolves with its exit code once it is gone. */
export function stopServerProcess(p: ServerProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve(p?.child.exitCode ?? null);
  return new Promise((resolve) => {
    p.child.removeAllListeners('exit');
    p.child.on('exit', (code) => resolve(code));
    p.child.kill(signal);
  });
}
