/**
 * A throwaway redis-server for one test file: a free port, no persistence, killed afterwards.
 * Without the binary the test fails with requireExecutable's message (which package to install).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '../../support/ports';
import { REDIS_SERVER, requireExecutable } from './prerequisites';

export interface RedisServer {
  url: string;
  port: number;
  /** Kills the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** True when something on `port` answers PING with PONG. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.setTimeout(500, () => socket.destroy());
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/** On a free port, or on `port` (to bring a stopped server back where its clients expect it). */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  const binary = requireExecutable(REDIS_SERVER, 'redis-server');
  port ??= await freePort();
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  for (let i = 0; i < 100; i++) {
    if (await pong(port)) return { url: `redis://127.0.0.1:${port}`, port, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`redis-server did not answer PING on port ${port} within 5 s`);
}
