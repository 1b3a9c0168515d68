import { createHash, randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  decryptSecret,
  encryptSecret,
  type EncryptionPublicJwk,
  sealForRecipient,
  type SealedValue,
  sealValue,
} from '@portcullis/signing';
import type { Repository } from 'typeorm';
import { Settings } from '../../platform/config/settings.js';
import { FleetSecretEntity } from './entities/fleet-secret.entity.js';

const FLEET_KEY = 'fleet-key';
const FLEET_LOCK = 7_305_119_011;

const aad = (name: string, kid: string): string => `fleet-secret:${name}:${kid}`;

/** What a node receives (sealed to its X25519 key) from `GET /dataplane/v1/secrets`. */
export interface FleetSecretsPayload {
  fleetKeys: { kid: string; key: string }[];
  apiKeyHashing: { key: string };
}

/**
 * Secrets every data-plane node shares: the fleet key that seals provider credentials inside
 * bundles, and the API-key hashing key (decision 0009). Never sent in plaintext.
 */
@Injectable()
export class FleetSecretsService implements OnModuleInit {
  private fleetKey: { kid: string; key: Buffer } | undefined;

  constructor(
    @InjectRepository(FleetSecretEntity) private readonly secrets: Repository<FleetSecretEntity>,
    private readonly settings: Settings,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.secrets.manager.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [FLEET_LOCK]);
      const repository = manager.getRepository(FleetSecretEntity);
      if ((await repository.countBy({ name: FLEET_KEY })) > 0) return;
      const key = randomBytes(32);
      const kid = createHash('sha256').update(key).digest('hex').slice(0, 16);
      await repository.save(
        repository.create({
          name: FLEET_KEY,
          kid,
          sealed: encryptSecret(
            key.toString('base64url'),
            this.settings.secretKeys.masterKey,
            aad(FLEET_KEY, kid),
          ),
        }),
      );
    });
  }

  /** Loads the fleet key now, so sealing inside a transaction needs no query of its own. */
  async ready(): Promise<void> {
    await this.loadFleetKey();
  }

  /** Seals a value (e.g. provider credentials) for the data plane under the fleet key. */
  async seal(plaintext: string, recordAad: string): Promise<SealedValue> {
    const { kid, key } = await this.loadFleetKey();
    return sealValue(plaintext, key, kid, recordAad);
  }

  /** The fleet secrets as a JWE only the node holding `recipient`'s private key can open. */
  async sealedFor(recipient: EncryptionPublicJwk): Promise<string> {
    const { kid, key } = await this.loadFleetKey();
    const payload: FleetSecretsPayload = {
      fleetKeys: [{ kid, key: key.toString('base64url') }],
      apiKeyHashing: { key: this.settings.secretKeys.apiKeyHashing.toString('base64url') },
    };
    return sealForRecipient(payload, recipient);
  }

  private async loadFleetKey(): Promise<{ kid: string; key: Buffer }> {
    if (this.fleetKey !== undefined) return this.fleetKey;
    const row = await this.secrets.findOneBy({ name: FLEET_KEY });
    if (row === null) throw new Error('No fleet key: the control plane did not initialise');
    const key = Buffer.from(
      decryptSecret(row.sealed, this.settings.secretKeys.masterKey, aad(FLEET_KEY, row.kid)),
      'base64url',
    );
    this.fleetKey = { kid: row.kid, key };
    return this.fleetKey;
  }
}
