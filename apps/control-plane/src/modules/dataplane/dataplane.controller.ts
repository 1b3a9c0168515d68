import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Body, Controller, Get, Header, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../platform/auth/public.decorator.js';
import { AppError, type FieldProblem } from '../../platform/errors/app-error.js';
import { acceptsGzip } from './accepts-gzip.js';
import { CurrentNode } from './current-node.decorator.js';
import { EnrollNodeDto, EnrollNodeResponse, NodeSecretsResponse } from './dto/enroll.dto.js';
import type { DataplaneNodeEntity } from './entities/dataplane-node.entity.js';
import { NodeAuthGuard } from './node-auth.guard.js';
import { DEFAULT_WAIT_S, MAX_WAIT_S, NodeConfigService } from './node-config.service.js';
import { NodeEnrollmentService } from './node-enrollment.service.js';

const gzipAsync = promisify(gzip);

/** The remote address as stored: Express's view (TRUST_PROXY applies), bounded. */
function remoteAddressOf(request: Request): string | null {
  const address = request.ip ?? request.socket.remoteAddress;
  return address === undefined ? null : address.slice(0, 64);
}

/**
 * What data-plane nodes call (`portcullis.config/v1`, decision 0010). Enrollment is public (the
 * token is the credential); everything else needs a node assertion. Errors use the admin body.
 */
@ApiTags('dataplane')
@Public()
@Controller('dataplane/v1')
export class DataplaneController {
  constructor(
    private readonly enrollment: NodeEnrollmentService,
    private readonly config: NodeConfigService,
  ) {}

  @Post('enroll')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Enroll a node with a one-use enrollment token and its public keys' })
  @ApiCreatedResponse({ type: EnrollNodeResponse })
  @ApiResponse({ status: 401, description: 'The token is unknown, used, expired or revoked' })
  @ApiResponse({
    status: 503,
    description: 'The publisher cannot list its keys yet; retry (the token is kept)',
  })
  enroll(@Body() body: EnrollNodeDto, @Req() request: Request): Promise<EnrollNodeResponse> {
    return this.enrollment.enroll(body, remoteAddressOf(request));
  }

  @Get('secrets')
  @UseGuards(NodeAuthGuard)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The fleet secrets, sealed to the node encryption key' })
  @ApiOkResponse({ type: NodeSecretsResponse })
  async secrets(@CurrentNode() node: DataplaneNodeEntity): Promise<NodeSecretsResponse> {
    return { secrets: await this.config.secrets(node) };
  }

  @Get('config')
  @UseGuards(NodeAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Long-poll for config: a signed bundle (application/jose) once newer than since, else 304',
  })
  @ApiQuery({ name: 'since', type: Number, description: 'the revision the node has applied (0: none)' })
  @ApiQuery({ name: 'wait', type: Number, required: false, description: 'seconds, 1 to 60 (default 30)' })
  @ApiResponse({ status: 200, description: 'compact JWS; x-portcullis-revision, x-portcullis-bundle-kind' })
  @ApiResponse({ status: 304, description: 'nothing newer within the wait' })
  async configBundle(
    @CurrentNode() node: DataplaneNodeEntity,
    @Query('since') sinceText: unknown,
    @Query('wait') waitText: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const { since, waitSeconds } = parsePollQuery(sinceText, waitText);
    const abort = new AbortController();
    // 'close' before the response is finished means the node went away: stop waiting for it.
    const onClose = (): void => {
      if (!response.writableFinished) abort.abort();
    };
    response.on('close', onClose);
    const gone = (): boolean => abort.signal.aborted || response.destroyed;
    try {
      const result = await this.config.poll({
        node,
        since,
        waitSeconds,
        remoteAddress: remoteAddressOf(request),
        signal: abort.signal,
      });
      if (gone()) return;
      response.setHeader('Cache-Control', 'no-store');
      response.setHeader('Vary', 'Accept-Encoding');
      if (result.kind === 'unchanged') {
        response.setHeader('x-portcullis-revision', String(result.revision));
        response.status(304).end();
        return;
      }
      const { bundle } = result;
      response.setHeader('Content-Type', 'application/jose');
      response.setHeader('x-portcullis-revision', String(bundle.revision));
      response.setHeader('x-portcullis-bundle-kind', bundle.kind);
      let body = bundle.jws;
      if (acceptsGzip(request.headers['accept-encoding'])) {
        body = await (bundle.gzipped?.() ?? gzipAsync(body));
        response.setHeader('Content-Encoding', 'gzip');
      }
      if (gone()) return;
      response.status(200).end(body);
    } finally {
      response.off('close', onClose);
    }
  }
}

function parsePollQuery(sinceText: unknown, waitText: unknown): { since: number; waitSeconds: number } {
  const problems: FieldProblem[] = [];
  const since = typeof sinceText === 'string' && /^\d{1,15}$/.test(sinceText) ? Number(sinceText) : -1;
  if (since < 0)
    problems.push({ field: 'since', message: 'since must be the applied revision, a whole number ≥ 0' });
  let waitSeconds = DEFAULT_WAIT_S;
  if (waitText !== undefined) {
    waitSeconds = typeof waitText === 'string' && /^\d{1,2}$/.test(waitText) ? Number(waitText) : -1;
    if (waitSeconds < 1 || waitSeconds > MAX_WAIT_S) {
      problems.push({
        field: 'wait',
        message: `wait must be a whole number of seconds from 1 to ${MAX_WAIT_S}`,
      });
    }
  }
  if (problems.length > 0) throw AppError.validation(problems);
  return { since, waitSeconds };
}
