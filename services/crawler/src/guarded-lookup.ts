import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { isPrivateAddress } from './private-network.js';

/** Resolves a hostname to its addresses; tests inject one that maps fixture names to 127.0.0.1. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export const PRIVATE_NETWORK_CODE = 'WINNOW_ERR_PRIVATE_NETWORK';

/** Refusal of an address after DNS resolution; carries a stable code the fetcher maps to `private_network`. */
class PrivateNetworkError extends Error {
  readonly code = PRIVATE_NETWORK_CODE;
  constructor(hostname: string, address: string) {
    super(`${hostname} resolves to a private address (${address})`);
    this.name = 'PrivateNetworkError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect that resolves through `resolver` and drops private addresses, so the
 * check happens on the address actually connected to (no DNS-rebinding gap between check and use).
 */
export function guardedLookup(resolver: Resolver, allowPrivate: boolean, isPrivate = isPrivateAddress) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolver(hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        let usable = family ? addresses.filter((a) => a.family === family) : addresses;
        if (!allowPrivate) usable = usable.filter((a) => !isPrivate(a.address));
        if (usable.length === 0) {
          const refused = addresses[0];
          if (refused && !allowPrivate) return callback(new PrivateNetworkError(hostname, refused.address), '');
          const err: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
          err.code = 'ENOTFOUND';
          return callback(err, '');
        }
        if (options.all) return callback(null, usable);
        const first = usable[0]!;
        callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}
