import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { AccessExplainService } from './access-explain.service.js';
import { ExplainAccessDto, ExplainAccessResponse } from './dto/explain.dto.js';

@ApiTags('access')
@ApiBearerAuth()
@Controller('api/v1/access')
export class AccessExplainController {
  constructor(private readonly explainer: AccessExplainService) {}

  @Post('explain')
  @HttpCode(200)
  @RequireRole('tenant-owner', 'auditor', 'developer')
  @ApiOperation({
    summary: 'May this user, application or key call this model? Allow or deny, with every reason',
    description:
      'Owners and auditors ask about anyone in their tenants; developers about themselves and their keys.',
  })
  @ApiOkResponse({ type: ExplainAccessResponse })
  explain(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ExplainAccessDto,
  ): Promise<ExplainAccessResponse> {
    return this.explainer.explain(principal, body);
  }
}
