import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length, Matches, ValidateBy } from 'class-validator';
import { issuerProblem } from '../issuer-url.js';
import { trimString } from '../../../../platform/http/input.js';

const IsIssuerUrl = (): PropertyDecorator =>
  ValidateBy({
    name: 'isIssuerUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && issuerProblem(value) === undefined,
      defaultMessage: (args) =>
        typeof args?.value === 'string'
          ? (issuerProblem(args.value) ?? 'issuer is invalid')
          : 'issuer must be an https URL',
    },
  });

const GROUPS_CLAIM = /^[A-Za-z0-9_.:/-]{1,100}$/;
const GROUPS_CLAIM_MESSAGE = 'groupsClaim must be a claim name of 1-100 letters, digits or _ . : / -';

export class CreateIdentityProviderDto {
  @ApiProperty({ format: 'uuid', description: 'the tenant that trusts this issuer (one issuer per tenant)' })
  @IsUUID('all', { message: 'tenantId must be the id (uuid) of a tenant' })
  tenantId!: string;

  @ApiProperty({
    example: 'https://acme.okta.com/oauth2/default',
    description:
      'exactly as the issuer names itself (an Okta custom authorization server, not the org server)',
  })
  @Transform(trimString)
  @IsString({ message: 'issuer must be an https URL' })
  @Length(1, 512, { message: 'issuer must be at most 512 characters' })
  @IsIssuerUrl()
  issuer!: string;

  @ApiProperty({ example: '0oa1b2c3d4e5f6g7h8i9' })
  @Transform(trimString)
  @IsString({ message: 'clientId is required' })
  @Length(1, 255, { message: 'clientId must be 1 to 255 characters' })
  clientId!: string;

  @ApiProperty({ writeOnly: true, description: 'stored encrypted; never returned' })
  @IsString({ message: 'clientSecret is required' })
  @Length(1, 1024, { message: 'clientSecret must be 1 to 1024 characters' })
  clientSecret!: string;

  @ApiPropertyOptional({ example: 'groups', default: 'groups' })
  @Transform(trimString)
  @IsOptional()
  @Matches(GROUPS_CLAIM, { message: GROUPS_CLAIM_MESSAGE })
  groupsClaim?: string;
}

/** The tenant is fixed; leave clientSecret out to keep the stored one. */
export class UpdateIdentityProviderDto {
  @ApiPropertyOptional({ example: 'https://acme.okta.com/oauth2/default' })
  @Transform(trimString)
  @IsOptional()
  @IsString({ message: 'issuer must be an https URL' })
  @Length(1, 512, { message: 'issuer must be at most 512 characters' })
  @IsIssuerUrl()
  issuer?: string;

  @ApiPropertyOptional()
  @Transform(trimString)
  @IsOptional()
  @IsString()
  @Length(1, 255, { message: 'clientId must be 1 to 255 characters' })
  clientId?: string;

  @ApiPropertyOptional({ writeOnly: true, description: 'replaces the stored secret' })
  @IsOptional()
  @IsString()
  @Length(1, 1024, { message: 'clientSecret must be 1 to 1024 characters' })
  clientSecret?: string;

  @ApiPropertyOptional({ example: 'groups' })
  @Transform(trimString)
  @IsOptional()
  @Matches(GROUPS_CLAIM, { message: GROUPS_CLAIM_MESSAGE })
  groupsClaim?: string;
}

export class IdentityProviderResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'the client secret is write-only: only whether it is set is shown' })
  clientSecretSet!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'x9Qz',
    description: 'the last 4 characters of the client secret, to tell secrets apart',
  })
  clientSecretLast4!: string | null;
  @ApiProperty() groupsClaim!: string;
  @ApiProperty({
    example: 'https://portcullis.example.com/auth/callback/1b4e28ba-2fa1-11d2-883f-0016d3cca427',
    description: 'register this as the sign-in redirect URI of the client at the IdP',
  })
  redirectUri!: string;
  @ApiProperty({
    example: '/auth/login?tenant=acme',
    description: "where the console sends this tenant's people",
  })
  loginUrl!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
