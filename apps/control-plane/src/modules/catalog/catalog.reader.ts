import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { ModelEntity } from './entities/model.entity.js';

export interface ModelSummary {
  id: string;
  alias: string;
  /** Null for a model of the global catalog. */
  tenantId: string | null;
}

/** PUBLIC: what other contexts may read about the catalog. */
@Injectable()
export class CatalogReader {
  constructor(@InjectRepository(ModelEntity) private readonly models: Repository<ModelEntity>) {}

  /** The global catalog plus the tenant's own models (which may shadow a global alias). */
  async modelsVisibleTo(tenantId: string): Promise<ModelSummary[]> {
    const rows = await this.models.find({
      where: [{ tenantId: IsNull() }, { tenantId }],
      order: { alias: 'ASC' },
      select: { id: true, alias: true, tenantId: true },
    });
    return rows.map((row) => ({ id: row.id, alias: row.alias, tenantId: row.tenantId }));
  }
}
