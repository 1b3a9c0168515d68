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
import { Projection } from './scim-projection.js';
import { GROUP_RESOURCE } from './scim-schema.js';
import { ScimGroupsService } from './scim-groups.service.js';

/**
 * /scim/v2/Groups (RFC 7644 §3) as Okta and Entra ID drive it (group push), guarded and answered
 * like /scim/v2/Users. PATCH answers 204 with the new ETag: a membership change does not send a
 * large group's member list back (RFC 7644 §3.5.2 allows it; Okta and Entra ID accept it).
 */
@ApiExcludeController()
@Public()
@UseGuards(ScimBearerGuard)
@UseFilters(ScimErrorFilter)
@UseInterceptors(ScimContentTypeInterceptor)
@Controller('scim/v2/Groups')
export class ScimGroupsController {
  constructor(private readonly groups: ScimGroupsService) {}

  @Get()
  list(
    @CurrentScimCaller() caller: ScimCaller,
    @Query() query: Record<string, unknown>,
  ): Promise<JsonObject> {
    return this.groups.list(caller, readListParams(GROUP_RESOURCE, query));
  }

  @Get(':id')
  async get(
    @CurrentScimCaller() caller: ScimCaller,
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<JsonObject | undefined> {
    const result = await this.groups.get(caller, id, readProjection(GROUP_RESOURCE, query));
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
    const result = await this.groups.create(caller, jsonBody(request), readProjection(GROUP_RESOURCE, query));
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
    const result = await this.groups.replace(
      caller,
      id,
      body,
      ifMatch,
      readProjection(GROUP_RESOURCE, query),
    );
    return single(response, result);
  }

  @Patch(':id')
  @HttpCode(204)
  async patch(
    @CurrentScimCaller() caller: ScimCaller,
    @Param('id') id: string,
    @Req() request: Request,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    const body = jsonBody(request);
    const result = await this.groups.patch(
      caller,
      id,
      body,
      ifMatch,
      Projection.read(GROUP_RESOURCE, 'id', undefined),
    );
    response.setHeader('ETag', result.version);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @CurrentScimCaller() caller: ScimCaller,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.groups.delete(caller, id, ifMatch);
  }
}
