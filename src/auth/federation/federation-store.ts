// What the token exchange needs from the database (issue 31): src/auth's own port, implemented in
// src/store/federation-rows.ts. The `jti`s used are a service table (federationJtis), written in the
// exchange's transaction with its audit event.
import type { FederatedCredential } from '../../core/federation-rules';
import type { ServiceAccount } from '../../core/model';

export interface FederationCandidate {
  credential: FederatedCredential;
  account: ServiceAccount;
}

export interface FederatedTokenCredential extends FederationCandidate {
  /** The token id is on the deny list (revoked with RFC 7009). */
  denied: boolean;
}

export interface FederationStore {
  /**
   * The rules of `issuer` whose subject matches `subject` (exactly, or by the prefix before a
   * trailing `*`), only the account's with that client id when one is given; oldest first, at most `limit`.
   */
  candidates(issuer: string, subject: string, clientId: string | undefined, limit: number): Promise<FederationCandidate[]>;
  /** The rule whose current token key id is `tokenKeyId`, with its account and the token's deny-list entry; null when none. */
  tokenCredential(tokenKeyId: string, tokenId: string): Promise<FederatedTokenCredential | null>;
}
