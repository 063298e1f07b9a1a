import { makeValidator, type ValidatorSpec } from 'envalid';
import { baseEnvSpecs, parseEnvironment, toBaseConfig, type BaseConfig, type BaseDefaults } from '@ebb/observability';

/** Where and as whom an app connects to NATS. */
export interface NatsOptions {
  /** Server URLs, tried in turn (`nats://host:port` or `tls://host:port`). */
  readonly servers: readonly string[];
  /** Client name shown in the server's monitoring, normally the component. */
  readonly name: string;
}

const PROTOCOLS = new Set(['nats:', 'tls:']);

/** Parses a comma-separated list of NATS server URLs; throws naming the bad one. */
export function parseNatsUrls(input: string): string[] {
  const urls = input.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  if (urls.length === 0) throw new Error('must name at least one server, e.g. nats://127.0.0.1:4222');
  for (const text of urls) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(`"${text}" is not a URL (expected nats://host:port)`);
    }
    if (!PROTOCOLS.has(url.protocol)) throw new Error(`"${text}" must use nats:// or tls://`);
    if (url.hostname === '') throw new Error(`"${text}" names no host`);
  }
  return urls;
}

/** envalid validator of `EBB_NATS_URL`. */
export const natsUrls = makeValidator<string[]>(parseNatsUrls);

/** The envalid specs of the NATS settings; `desc` is the README's description. */
export function natsEnvSpecs(): { readonly EBB_NATS_URL: ValidatorSpec<string[]> } {
  return {
    EBB_NATS_URL: natsUrls({
      default: ['nats://127.0.0.1:4222'],
      desc: 'NATS server URL(s), comma-separated (nats:// or tls://).',
    }),
  };
}

/** Settings of an app that connects to NATS. */
export interface NatsAppConfig extends BaseConfig {
  readonly natsServers: readonly string[];
}

/** Reads the base settings and `EBB_NATS_URL` (throws ConfigError naming each bad variable). */
export function parseNatsAppConfig(env: NodeJS.ProcessEnv, defaults: BaseDefaults): NatsAppConfig {
  const e = parseEnvironment({ ...baseEnvSpecs(defaults), ...natsEnvSpecs() }, env);
  return { ...toBaseConfig(e), natsServers: e.EBB_NATS_URL };
}
