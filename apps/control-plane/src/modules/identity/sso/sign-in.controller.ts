import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../platform/auth/public.decorator.js';
import { SignInFlow } from './sign-in.flow.js';
import { SsoProviders } from './sso-providers.js';

class SignInOptionResponse {
  @ApiProperty({ example: 'platform', description: '`platform`, or the id of a tenant’s identity provider' })
  id!: string;
  @ApiProperty({ example: 'Acme (demo)' }) name!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'acme' }) tenantSlug!: string | null;
  @ApiProperty({ example: '/auth/login?tenant=acme' }) loginUrl!: string;
}

/** Console sign-in through OpenID Connect. Public: these routes are how one gets a session. */
@ApiTags('sign-in')
@Public()
@Controller('auth')
export class SignInController {
  constructor(
    private readonly providers: SsoProviders,
    private readonly flow: SignInFlow,
  ) {}

  /** The ways to sign in, for the console's login page. */
  @Get('providers')
  @ApiOkResponse({ type: [SignInOptionResponse] })
  options(): Promise<SignInOptionResponse[]> {
    return this.providers.options();
  }

  /** Starts a sign-in: redirects to the platform issuer, or to the issuer of the tenant named. */
  @Get('login')
  @ApiQuery({ name: 'tenant', required: false, description: 'the slug of the tenant whose issuer to use' })
  async login(
    @Req() request: Request,
    @Res() response: Response,
    @Query('tenant') tenant: string | undefined,
  ): Promise<void> {
    await this.flow.begin(
      request,
      response,
      typeof tenant === 'string' && tenant !== '' ? tenant : undefined,
    );
  }

  /** The redirect URI registered at the issuers: `/auth/callback/platform` or `/auth/callback/<id>`. */
  @Get('callback/:providerId')
  @ApiExcludeEndpoint()
  async callback(
    @Req() request: Request,
    @Res() response: Response,
    @Param('providerId') providerId: string,
  ): Promise<void> {
    await this.flow.complete(request, response, providerId);
  }

  /** Ends the console session. */
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.flow.signOut(request, response);
  }
}
