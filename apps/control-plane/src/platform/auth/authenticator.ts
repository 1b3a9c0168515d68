import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from './principal.js';

/**
 * One way of proving who is calling (admin token, personal access token, console session).
 * Answers undefined when the request does not carry its kind of credential, and throws an
 * UNAUTHENTICATED AppError when it does but the credential is not valid.
 */
export interface Authenticator {
  readonly name: string;
  authenticate(request: Request): Promise<Principal | undefined>;
}

/** Modules register their authenticators here at start-up; the guard asks each in order. */
@Injectable()
export class AuthenticatorRegistry {
  private readonly authenticators: Authenticator[] = [];

  register(authenticator: Authenticator): void {
    this.authenticators.push(authenticator);
  }

  all(): readonly Authenticator[] {
    return this.authenticators;
  }
}
