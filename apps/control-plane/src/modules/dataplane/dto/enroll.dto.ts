import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsEmpty,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { trimString } from '../../../platform/http/input.js';

/** A 32-byte key in base64url without padding, as RFC 8037 writes Ed25519 and X25519 keys. */
const KEY_BYTES_32 = /^[A-Za-z0-9_-]{43}$/;

const privatePart = (field: string): string =>
  `${field} must be a public key: leave out "d" (the private key never leaves the node)`;

/** The node's Ed25519 public key (RFC 8037 JWK), which verifies its assertions. */
export class NodeSigningKeyDto {
  @ApiProperty({ enum: ['OKP'] })
  @IsIn(['OKP'], { message: 'signingKey.kty must be "OKP"' })
  kty!: 'OKP';

  @ApiProperty({ enum: ['Ed25519'] })
  @IsIn(['Ed25519'], { message: 'signingKey.crv must be "Ed25519"' })
  crv!: 'Ed25519';

  @ApiProperty({ description: 'the 32-byte public key, base64url' })
  @IsString({ message: 'signingKey.x must be a 32-byte key in base64url' })
  @Matches(KEY_BYTES_32, { message: 'signingKey.x must be a 32-byte key in base64url' })
  x!: string;

  @ApiPropertyOptional({ description: 'ignored: the node id is the key id of its assertions' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  kid?: string;

  @ApiPropertyOptional({ enum: ['EdDSA'] })
  @IsOptional()
  @IsIn(['EdDSA'], { message: 'signingKey.alg must be "EdDSA" when given' })
  alg?: 'EdDSA';

  @ApiPropertyOptional({ enum: ['sig'] })
  @IsOptional()
  @IsIn(['sig'], { message: 'signingKey.use must be "sig" when given' })
  use?: 'sig';

  /** Declared only to refuse it with a message that says why. */
  @IsEmpty({ message: privatePart('signingKey') })
  d?: unknown;
}

/** The node's X25519 public key (RFC 8037 JWK), which fleet secrets are sealed to. */
export class NodeEncryptionKeyDto {
  @ApiProperty({ enum: ['OKP'] })
  @IsIn(['OKP'], { message: 'encryptionKey.kty must be "OKP"' })
  kty!: 'OKP';

  @ApiProperty({ enum: ['X25519'] })
  @IsIn(['X25519'], { message: 'encryptionKey.crv must be "X25519"' })
  crv!: 'X25519';

  @ApiProperty({ description: 'the 32-byte public key, base64url' })
  @IsString({ message: 'encryptionKey.x must be a 32-byte key in base64url' })
  @Matches(KEY_BYTES_32, { message: 'encryptionKey.x must be a 32-byte key in base64url' })
  x!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 128)
  kid?: string;

  @ApiPropertyOptional({ enum: ['enc'] })
  @IsOptional()
  @IsIn(['enc'], { message: 'encryptionKey.use must be "enc" when given' })
  use?: 'enc';

  @IsEmpty({ message: privatePart('encryptionKey') })
  d?: unknown;
}

export class EnrollNodeDto {
  @ApiProperty({ description: 'the enrollment token (pen_…) from POST /api/v1/enrollment-tokens' })
  @IsString({ message: 'token is required' })
  @Length(1, 256, { message: 'token must be an enrollment token (pen_…)' })
  token!: string;

  @ApiProperty({ example: 'gateway-eu-1' })
  @Transform(trimString)
  @IsString({ message: 'name is required' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name!: string;

  @ApiProperty({ example: '0.1.0', description: 'the data plane software version' })
  @Transform(trimString)
  @IsString({ message: 'version is required' })
  @Length(1, 64, { message: 'version must be 1 to 64 characters' })
  version!: string;

  @ApiProperty({ type: NodeSigningKeyDto })
  @IsObject({ message: 'signingKey must be an Ed25519 public JWK {kty, crv, x}' })
  @ValidateNested()
  @Type(() => NodeSigningKeyDto)
  signingKey!: NodeSigningKeyDto;

  @ApiProperty({ type: NodeEncryptionKeyDto })
  @IsObject({ message: 'encryptionKey must be an X25519 public JWK {kty, crv, x}' })
  @ValidateNested()
  @Type(() => NodeEncryptionKeyDto)
  encryptionKey!: NodeEncryptionKeyDto;
}

/** A public key the node trusts for config bundles, as `ConfigPublisherReader.trustedKeys()` lists it. */
export class TrustedKeyResponse {
  @ApiProperty({ enum: ['OKP'] }) kty!: 'OKP';
  @ApiProperty({ enum: ['Ed25519'] }) crv!: 'Ed25519';
  @ApiProperty() x!: string;
  @ApiPropertyOptional() kid?: string;
  @ApiPropertyOptional({ enum: ['EdDSA'] }) alg?: 'EdDSA';
  @ApiPropertyOptional({ enum: ['sig'] }) use?: 'sig';
}

export class EnrollNodeResponse {
  @ApiProperty({ format: 'uuid', description: 'the node id: the `kid`, `iss` and `sub` of its assertions' })
  nodeId!: string;

  @ApiProperty({
    type: [TrustedKeyResponse],
    description: 'the control plane keys whose bundle signatures the node trusts from now on',
  })
  trustedKeys!: TrustedKeyResponse[];
}

export class NodeSecretsResponse {
  @ApiProperty({
    description:
      'compact JWE sealed to the node encryption key: {"fleetKeys":[{"kid","key"}],"apiKeyHashing":{"key"}}',
  })
  secrets!: string;
}
