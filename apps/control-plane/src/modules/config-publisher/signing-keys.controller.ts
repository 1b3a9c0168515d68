import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { Transactions } from '../../platform/db/transactions.js';
import { AppError, ErrorCode } from '../../platform/errors/app-error.js';
import { ChangeRecorder } from '../../platform/revisions/change-recorder.js';
import { BundlePublisher } from './bundle-publisher.js';
import { SigningKeysService, type SigningKeySummary } from './signing-keys.service.js';

class SigningKeyResponse {
  @ApiProperty() kid!: string;
  @ApiProperty({ enum: ['next', 'active', 'retired'] }) status!: 'next' | 'active' | 'retired';
  @ApiProperty({ description: 'the Ed25519 public key (JWK)' }) publicJwk!: Record<string, string>;
  @ApiProperty({ description: 'still listed in bundles for nodes to trust' }) announced!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) activatedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) retiredAt!: string | null;
}

/**
 * The keys that sign config bundles. Rotation is two steps so no node is ever asked to trust a
 * key it has not seen announced: `rotate` adds a `next` key that bundles announce; once every
 * node has applied that revision (GET /api/v1/nodes), `promote` makes it the signing key.
 */
@ApiTags('config')
@ApiBearerAuth()
@RequireRole('platform-admin')
@Controller('api/v1/signing-keys')
export class SigningKeysController {
  constructor(
    private readonly keys: SigningKeysService,
    private readonly publisher: BundlePublisher,
    private readonly transactions: Transactions,
    private readonly changes: ChangeRecorder,
  ) {}

  @Get()
  @ApiOkResponse({ type: [SigningKeyResponse] })
  list(): Promise<SigningKeySummary[]> {
    return this.keys.list();
  }

  @Post('rotate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a next signing key; bundles announce it from the new revision on' })
  @ApiOkResponse({ type: SigningKeyResponse })
  async rotate(): Promise<SigningKeySummary> {
    const next = await this.keys.rotate();
    await this.announce('rotated', next.kid);
    return next;
  }

  @Post('promote')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign with the next key from now on; the old one stays announced for an hour' })
  @ApiOkResponse({ type: SigningKeyResponse })
  async promote(): Promise<SigningKeySummary> {
    const promoted = await this.keys.promote().catch((error: unknown) => {
      throw error instanceof Error && error.message.startsWith('No next signing key')
        ? new AppError(ErrorCode.CONFLICT, 'There is no next signing key to promote: rotate first')
        : error;
    });
    await this.announce('promoted', promoted.kid);
    return promoted;
  }

  /** A new revision, so nodes receive the new key set in their next bundle. */
  private async announce(action: 'rotated' | 'promoted', kid: string): Promise<void> {
    this.publisher.forget();
    await this.transactions.run((manager) =>
      this.changes.record(
        manager,
        {
          tenantId: null,
          entity: 'signing-key',
          entityId: kid,
          op: action === 'rotated' ? 'created' : 'updated',
        },
        {
          action: `signing-key.${action === 'rotated' ? 'rotate' : 'promote'}`,
          tenantId: null,
          targetType: 'signing-key',
          targetId: kid,
        },
      ),
    );
  }
}
