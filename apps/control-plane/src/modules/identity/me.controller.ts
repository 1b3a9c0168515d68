import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { MeResponse } from './dto/me.response.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  /** Who the caller is and what they may do; the console asks this after sign-in. */
  @Get()
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentPrincipal() principal: Principal): MeResponse {
    return { subject: principal.subject, displayName: principal.displayName, roles: [...principal.roles] };
  }
}
