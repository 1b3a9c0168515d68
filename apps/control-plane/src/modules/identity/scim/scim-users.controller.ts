import {
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../platform/auth/public.decorator.js';
import { ScimBearerGuard } from './scim-bearer.guard.js';
import { CurrentScimCaller, type ScimCaller } from './scim-caller.js';
import { ScimErrorFilter } from './scim-error.filter.js';
import {
  jsonBody,
  notModified,
  readListParams,
  readProjection,
  ScimContentTypeInterceptor,
  single,
} from './scim-http.js';
import type { JsonObject } from './scim-json.js';
import { USER_RESOURCE } from './scim-schema.js';
import { ScimUsersService } from './scim-users.service.js';

/**
 * /scim/v2/Users (RFC 7644 §3) as Okta and Entra ID drive it. Outside the admin API: `@Public()`
 * for the admin guard, authenticated by the tenant's SCIM bearer token instead, and answering in
 * SCIM's own error format and content type.
 */
@ApiExcludeController()
@Public()
@UseGuards(ScimBearerGuard)
@UseFilters(ScimErrorFilter)
@UseInterceptors(ScimContentTypeInterceptor)
@Controller('scim/v2/Users')
export class ScimUsersController {
  constructor(private readonly users: ScimUsersService) {}

  @Get()
  list(
    @CurrentScimCaller() caller: ScimCaller,
    @Query() query: Record<string, unknown>,
  ): Promise<JsonObject> {
    return this.users.list(caller, readListParams(USER_RESOURCE, query));
  }

  @Get(':id')
  async get(
    @CurrentScimCaller() caller: ScimCaller,
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<JsonObject | undefined> {
    const result = await this.users.get(caller, id, readProjection(USER_RESOURCE, query));
    if (notModified(ifNoneMatch, result.version)) {
      response.status(304).setHeader('ETag', result.version);
      return undefined;
    }
    return single(response, result);
  }

  @Post()
  async create(
    @CurrentScimCaller() caller: ScimCaller,
    @Req() request: Request,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<JsonObject> {
    const result = await this.users.create(caller, jsonBody(request), readProjection(USER_RESOURCE, query));
    return single(response, result, true);
  }

  @Put(':id')
  async replace(
    @CurrentScimCaller() caller: ScimCaller,
    @Param('id') id: string,
    @Req() request: Request,
    @Query() query: Record<string, unknown>,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<JsonObject> {
    const body = jsonBody(request);
    const result = await this.users.replace(caller, id, body, ifMatch, readProjection(USER_RESOURCE, query));
    return single(response, result);
  }

  @Patch(':id')
  async patch(
    @CurrentScimCaller() caller: ScimCaller,
    @Param('id') id: string,
    @Req() request: Request,
    @Query() query: Record<string, unknown>,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<JsonObject> {
    const body = jsonBody(request);
    const result = await this.users.patch(caller, id, body, ifMatch, readProjection(USER_RESOURCE, query));
    return single(response, result);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @CurrentScimCaller() caller: ScimCaller,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.users.delete(caller, id, ifMatch);
  }
}
