import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Everything configurable, read from the environment (see README "Configuration"). */
export interface Config {
  databaseUrl: string;
  dataDir: string;
  port: number;
  host: string;
  sessionSecret: string;
  /** Trust X-Forwarded-* from a reverse proxy (needed for Secure cookies behind TLS termination). */
  trustProxy: boolean;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
}

/**
 * Reads the configuration. The session secret, when not given, is generated once and kept in
 * the data directory so that restarts (and other instances sharing the directory) keep sessions.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.KAOHE_DATA_DIR ?? 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  return {
    databaseUrl: env.KAOHE_DATABASE_URL ?? path.join(dataDir, 'kaohe.db'),
    dataDir,
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    sessionSecret: env.KAOHE_SESSION_SECRET ?? readOrCreateSecret(dataDir),
    trustProxy: env.KAOHE_TRUST_PROXY === '1' || env.KAOHE_TRUST_PROXY === 'true',
    maxUploadBytes: Number(env.KAOHE_MAX_UPLOAD_MB ?? 20) * 1024 * 1024,
  };
}

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  try {
    const s = fs.readFileSync(file, 'utf8').trim();
    if (s.length >= 32) return s;
  } catch {
    // Not there yet: create it below.
  }
  const s = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, `${s}\n`, { mode: 0o600 });
  return s;
}
