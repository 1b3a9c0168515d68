import { Module } from '@nestjs/common';

/**
 * The data-plane fleet: enrollment tokens, nodes, node assertions, and the `/dataplane/v1/*`
 * endpoints nodes call (docs/decisions/0010-config-distribution.md).
 */
@Module({})
export class DataplaneModule {}
