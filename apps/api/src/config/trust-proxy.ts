import { isIP } from 'node:net';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Which `X-Forwarded-For` hops to believe: none (`false`), the addresses or CIDR ranges of the
 * reverse proxies, or the number of proxies in front. Never "every hop": a client would then choose
 * its own address (login limits per address, audit contexts) by sending the header itself.
 */
export type TrustProxy = false | number | string[];

/** proxy-addr's names for well-known ranges, which Fastify accepts beside addresses. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

const HOW_TO =
  'write the address(es) or CIDR range(s) of your reverse proxy, comma-separated ' +
  '(e.g. VIGIE_TRUST_PROXY=127.0.0.1 or 10.0.0.0/8,::1), or the number of proxies in front of Vigie ' +
  '(e.g. VIGIE_TRUST_PROXY=1), or false';

/** A value refused by `parseTrustProxy`, kept with the reason so that validation can say it. */
export class InvalidTrustProxy {
  constructor(readonly message: string) {}
}

function validEntry(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

export function parseTrustProxy(value: unknown): TrustProxy | InvalidTrustProxy {
  if (value === undefined || value === null || value === false) return false;
  const raw = String(value).trim();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || value === true) {
    return new InvalidTrustProxy(
      `VIGIE_TRUST_PROXY=true is refused: it trusts every X-Forwarded-For hop, so any client could ` +
        `choose the address the login limits and the audit trail see. Instead, ${HOW_TO}.`,
    );
  }
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !validEntry(entry));
  if (wrong.length > 0) {
    return new InvalidTrustProxy(
      `VIGIE_TRUST_PROXY has ${wrong.map((entry) => `"${entry}"`).join(', ')}, which is neither an ` +
        `address nor a CIDR range: ${HOW_TO}.`,
    );
  }
  return entries;
}

/**
 * The value for Fastify's `trustProxy`. A hop count becomes the function Fastify itself would build
 * from it (trust the `count` hops nearest to the server), which its type declarations accept.
 */
export function fastifyTrustProxy(
  value: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value !== 'number') return value;
  return (_address, hop) => hop < value;
}

/** Passes unless `parseTrustProxy` refused the value; the message is its reason. */
export function IsTrustProxy(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTrustProxy',
      validator: {
        validate: (value: unknown) => !(value instanceof InvalidTrustProxy),
        defaultMessage: (args) =>
          args?.value instanceof InvalidTrustProxy ? args.value.message : `VIGIE_TRUST_PROXY: ${HOW_TO}`,
      },
    },
    options,
  );
}
