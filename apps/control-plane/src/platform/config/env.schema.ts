import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export const SENSITIVE_SETTINGS = new Set<string>([
  'PORTCULLIS_ADMIN_TOKEN',
  'PORTCULLIS_MASTER_KEY',
  'OIDC_CLIENT_SECRET',
  'DATABASE_URL',
  'REDIS_URL',
]);

/** Every variable the control plane reads; nothing else in the environment is looked at. */
export const SETTING_NAMES = [
  'NODE_ENV',
  'LOG_LEVEL',
  'CONTROL_PLANE_HOST',
  'CONTROL_PLANE_PORT',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'REDIS_URL',
  'REDIS_PREFIX',
  'PORTCULLIS_DATA_DIR',
  'PORTCULLIS_ADMIN_TOKEN',
  'PORTCULLIS_MASTER_KEY',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'PUBLIC_URL',
  'TRUST_PROXY',
  'CONSOLE_DIST_DIR',
  'PROVIDER_ALLOWED_HTTP_HOSTS',
] as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every setting of the control plane, validated once at start-up. A value that fails stops the
 * process with a message naming the variable. The README's settings table mirrors this class.
 */
export class Env {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsString()
  @MinLength(1)
  CONTROL_PLANE_HOST = '0.0.0.0';

  @Type(() => Number)
  @IsInt({ message: 'CONTROL_PLANE_PORT must be a whole number from 0 to 65535' })
  @Min(0)
  @Max(65535)
  CONTROL_PLANE_PORT = 8080;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, {
    message: 'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/database',
  })
  DATABASE_URL?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must be a Redis URL such as redis://host:6379' })
  REDIS_URL?: string;

  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'REDIS_PREFIX must be 1-64 characters of A-Z a-z 0-9 : _ -' })
  REDIS_PREFIX = 'portcullis';

  @IsString()
  @MinLength(1)
  PORTCULLIS_DATA_DIR = '.portcullis';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'PORTCULLIS_ADMIN_TOKEN must be at least 32 characters' })
  @MaxLength(512)
  PORTCULLIS_ADMIN_TOKEN?: string;

  @Transform(emptyToUndefined)
  // Required with a real database; the embedded stack generates one into PORTCULLIS_DATA_DIR.
  @ValidateIf((env: Env) => env.DATABASE_URL !== undefined || env.PORTCULLIS_MASTER_KEY !== undefined)
  @IsDefined({
    message:
      'PORTCULLIS_MASTER_KEY is required when DATABASE_URL is set: 32 random bytes as base64 (openssl rand -base64 32)',
  })
  @Matches(/^(?:[A-Za-z0-9+/]{43}=|[A-Za-z0-9_-]{43}|[0-9a-fA-F]{64})$/, {
    message:
      'PORTCULLIS_MASTER_KEY must be 32 bytes, written as base64 (44 characters) or hex (64 characters)',
  })
  PORTCULLIS_MASTER_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['https', 'http'], require_protocol: true },
    {
      message: 'OIDC_ISSUER must be an http(s) URL',
    },
  )
  OIDC_ISSUER?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: Env) => env.OIDC_ISSUER !== undefined)
  @IsString({ message: 'OIDC_CLIENT_ID is required when OIDC_ISSUER is set' })
  @MinLength(1)
  OIDC_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  // The console signs in as a confidential client (docs/decisions/0006-oidc-sign-in.md).
  @ValidateIf((env: Env) => env.OIDC_ISSUER !== undefined || env.OIDC_CLIENT_SECRET !== undefined)
  @IsString({ message: 'OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set' })
  @MinLength(1)
  OIDC_CLIENT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^/?#\s]+\/?$/, {
    message:
      'PUBLIC_URL must be the origin browsers use to reach the control plane, such as https://portcullis.example.com (no path)',
  })
  PUBLIC_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(
    /^(?:true|false|\d{1,2}|(?:loopback|linklocal|uniquelocal|[0-9A-Fa-f.:/]+)(?:\s*,\s*(?:loopback|linklocal|uniquelocal|[0-9A-Fa-f.:/]+))*)$/,
    {
      message:
        'TRUST_PROXY must be true, false, a number of proxy hops, or a comma-separated list of proxy addresses/subnets (loopback, 10.0.0.0/8, ...)',
    },
  )
  TRUST_PROXY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CONSOLE_DIST_DIR?: string;

  /** Hosts a provider base URL may reach over plain http (comma-separated, e.g. a local vLLM). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9.:[\]-]+(?:\s*,\s*[A-Za-z0-9.:[\]-]+)*$/, {
    message: 'PROVIDER_ALLOWED_HTTP_HOSTS must be a comma-separated list of host names or addresses',
  })
  PROVIDER_ALLOWED_HTTP_HOSTS?: string;
}
