import { Body, Controller, Delete, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange } from '../../platform/http/list-query.js';
import {
  CreatedPersonalAccessTokenResponse,
  CreatePersonalAccessTokenDto,
  PersonalAccessTokenResponse,
} from './dto/personal-access-token.dto.js';
import { PersonalAccessTokensService } from './personal-access-tokens.service.js';

/** The caller's own personal access tokens: they act with the caller's roles as they are at use. */
@ApiTags('identity')
@ApiBearerAuth()
@RequireRole('tenant-owner', 'developer', 'auditor')
@Controller('api/v1/personal-access-tokens')
export class PersonalAccessTokensController {
  constructor(private readonly tokens: PersonalAccessTokensService) {}

  @Get()
  @ApiOkResponse({ type: [PersonalAccessTokenResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PersonalAccessTokenResponse[]> {
    const items = await this.tokens.list(principal);
    response.setHeader(
      'Content-Range',
      contentRange('personal-access-tokens', 0, items.length, items.length),
    );
    return items;
  }

  @Post()
  @ApiOperation({ summary: 'Create a token; the response holds it once, it is never shown again' })
  @ApiOkResponse({ type: CreatedPersonalAccessTokenResponse })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreatePersonalAccessTokenDto,
  ): Promise<CreatedPersonalAccessTokenResponse> {
    return this.tokens.create(principal, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a token (it stops working at once)' })
  @ApiOkResponse({ type: PersonalAccessTokenResponse })
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<PersonalAccessTokenResponse> {
    return this.tokens.revoke(principal, id);
  }
}
