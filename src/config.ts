/**
 * Configuration from environment variables (and a `.env` file when present), validated once at
 * start. An empty MicrosoftAppId turns authentication off, as the Bot Framework Emulator expects.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
  /** A customised copy of knowledge/ (content and tuning); the project's own by default. */
  KNOWLEDGE_DIR: z.string().optional(),
  /** Where conversations live: sqlite (a file under DATA_DIR, kept across restarts), memory, or redis (several replicas). */
  STORAGE: z.enum(['sqlite', 'memory', 'redis']).default('sqlite'),
  /** Required with STORAGE=redis: redis://[:password@]host:port[/db] (rediss:// for TLS). */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must look like redis://host:6379 (or rediss:// for TLS)')
    .optional(),
  DATA_DIR: z.string().default('./data'),
  /** Conversations untouched for this many days are deleted. */
  CONVERSATION_TTL_DAYS: z.coerce.number().positive().default(30),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Messages longer than this get a polite "please keep it short" instead of a diagnosis. */
  MAX_MESSAGE_CHARS: z.coerce.number().int().positive().default(2000),
  /**
   * Where "I want a person" goes: desk = the built-in agent desk at /agent; platform = a
   * contact-centre platform in front of the bot, via the Bot Framework handoff.initiate event.
   */
  HANDOFF_MODE: z.enum(['desk', 'platform']).default('desk'),
  /** The agent desk's password (Bearer token). Unset: the desk is disabled. */
  AGENT_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** A waiting user whom no agent takes within this many seconds is told so and offered a way on. */
  HANDOFF_TIMEOUT_S: z.coerce.number().int().positive().default(300),
  /** Authorises Direct Line clients and signs their tokens; a random one per process when unset. */
  DIRECTLINE_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
  /** The externally visible base URL (streamUrl, serviceUrl); by default the one each request was sent to. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Config {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  // Empty strings mean "not set", as they do in a copied .env.example.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Configuration is not valid:\n${problems}`);
  }
  if (parsed.data.MicrosoftAppId && !parsed.data.MicrosoftAppPassword && parsed.data.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError(
      'Configuration is not valid:\n  - MicrosoftAppPassword: required when MicrosoftAppId is set (or use MicrosoftAppType=UserAssignedMSI)',
    );
  }
  if (parsed.data.STORAGE === 'redis') {
    // Redis means replicas: a secret generated at start would differ between them, and a token
    // signed by one replica would be refused by the next.
    const problems = [
      !parsed.data.REDIS_URL && '  - REDIS_URL: required when STORAGE=redis (e.g. REDIS_URL=redis://localhost:6379)',
      !parsed.data.DIRECTLINE_SECRET &&
        '  - DIRECTLINE_SECRET: required when STORAGE=redis — every replica must sign and accept the same web chat tokens (≥ 16 characters, the same on all replicas)',
      !parsed.data.AGENT_TOKEN &&
        '  - AGENT_TOKEN: required when STORAGE=redis — agents reach any replica, so the desk needs one token shared by all (≥ 16 characters)',
    ].filter(Boolean);
    if (problems.length) throw new ConfigError(`Configuration is not valid:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
