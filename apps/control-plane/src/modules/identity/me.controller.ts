import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, ROLES, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { TenantsReader } from '../tenants/tenants.reader.js';
import { MeResponse } from './dto/me.response.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly tenants: TenantsReader) {}

  /** Who the caller is, their tenants and roles; the console asks this after sign-in. */
  @Get()
  @RequireRole(...ROLES)
  @ApiOkResponse({ type: MeResponse })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    const tenants = await this.tenants.findMany([...principal.tenantRoles.keys()]);
    const roles = new Set([...principal.globalRoles, ...[...principal.tenantRoles.values()].flat()]);
    return {
      subject: principal.userId ?? principal.actor.id,
      displayName: principal.displayName,
      via: principal.via,
      roles: ROLES.filter((role) => roles.has(role)),
      globalRoles: [...principal.globalRoles],
      tenants: tenants.map((tenant) => ({
        id: tenant.id,
        slug: tenant.slug,
        name: tenant.name,
        roles: [...(principal.tenantRoles.get(tenant.id) ?? [])],
      })),
    };
  }
}
