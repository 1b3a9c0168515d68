import { Controller, Header, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../platform/auth/public.decorator.js';
import { type AuthenticatedNode, CurrentNode, NodeAuthGuard } from '../dataplane/dataplane.reader.js';
import { UsageAcceptedResponse } from './dto/usage-event.response.js';
import { readUsageBody } from './usage-body.js';
import { UsageIngestService } from './usage-ingest.service.js';

/**
 * `POST /dataplane/v1/usage` (`portcullis.config/v1`): a node's batch of usage events, behind the
 * node assertion like the other node routes; errors use the admin body.
 */
@ApiTags('dataplane')
@Public()
@Controller('dataplane/v1')
export class UsageIngestController {
  constructor(private readonly ingest: UsageIngestService) {}

  @Post('usage')
  @UseGuards(NodeAuthGuard)
  @HttpCode(202)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Send a batch of usage events (libs/contracts usageBatchSchema, 1 to 1,000 events; gzip accepted)',
    description:
      'Accepted once queued; each event is stored once by its id, so a batch may be sent again safely.',
  })
  @ApiBody({
    schema: { type: 'object', properties: { events: { type: 'array', items: { type: 'object' } } } },
  })
  @ApiAcceptedResponse({ type: UsageAcceptedResponse })
  @ApiResponse({
    status: 400,
    description: 'An event is invalid: fields names each (events[3].tokens.input); nothing is kept',
  })
  @ApiResponse({
    status: 401,
    description: 'No valid node assertion (unknown or revoked node, bad signature, expired)',
  })
  @ApiResponse({ status: 413, description: 'The inflated body is over 16 MB' })
  @ApiResponse({ status: 503, description: 'The batch could not be queued: keep it and retry' })
  async accept(
    @CurrentNode() node: AuthenticatedNode,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UsageAcceptedResponse> {
    // Read only now, after the guard verified the node's assertion (see usage-body.ts).
    return this.ingest.accept(node.id, await readUsageBody(request, response));
  }
}
