import { Injectable } from '@nestjs/common';
import type { PublicJwk } from '@portcullis/signing';
import { ConfigPublisherReader } from '../config-publisher/config-publisher.reader.js';

/**
 * Where enrollment gets the bundle-verification keys a new node will trust: the publisher's. A
 * seam of its own so that tests can stand in for the publisher here without touching it.
 */
@Injectable()
export class TrustedKeysSource {
  constructor(private readonly publisher: ConfigPublisherReader) {}

  current(): Promise<PublicJwk[]> {
    return this.publisher.trustedKeys();
  }
}
