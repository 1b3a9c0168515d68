import {
  DataTable,
  DateField,
  DateTimeInput,
  FilterButton,
  List,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
} from 'react-admin';
import QueryStatsIcon from '@mui/icons-material/QueryStats';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import { NO_WRAP } from '../shared/table';
import {
  UsageCallerField,
  UsageCostField,
  UsageLatencyField,
  UsageStatusField,
  UsageTokensField,
} from './fields';
import type { UsageEvent } from './types';
import { UsageSummaryPanel } from './UsageSummaryPanel';

const STATUS_CLASSES = ['2xx', '4xx', '5xx'].map((statusClass) => ({ id: statusClass, name: statusClass }));
const PRINCIPAL_KINDS = [
  { id: 'user', name: 'People' },
  { id: 'application', name: 'Applications' },
];

/** The API wants ISO 8601 instants; the input shows local time. */
const toInstant = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && !Number.isNaN(new Date(value).getTime())
    ? new Date(value).toISOString()
    : undefined;

const monospace = { '& input': { fontFamily: 'monospace' } };

const filters = [
  <TextInput key="model" source="model" label="Model" alwaysOn resettable sx={monospace} />,
  <TenantFilter key="tenantId" source="tenantId" alwaysOn />,
  <SelectInput key="statusClass" source="statusClass" label="Status" choices={STATUS_CLASSES} alwaysOn />,
  <DateTimeInput key="from" source="from" label="From" parse={toInstant} alwaysOn />,
  <DateTimeInput key="to" source="to" label="Before" parse={toInstant} />,
  <SelectInput key="principalKind" source="principalKind" label="Callers" choices={PRINCIPAL_KINDS} />,
  <TextInput key="keyId" source="keyId" label="API key id" sx={monospace} />,
];

const UsageActions = () => (
  <TopToolbar>
    <FilterButton />
  </TopToolbar>
);

const UsageEmpty = () => (
  <EmptyState icon={QueryStatsIcon} title="No usage yet">
    Every call through the gateway appears here a few seconds after it is made: who called which model, the
    tokens, the cost and the outcome. Create an API key, send a request to a data-plane node, and its call
    shows up.
  </EmptyState>
);

const Column = DataTable.Col<UsageEvent>;

/** Calls reported by the data plane, newest first, with a summary over the same filters. */
export const UsageList = () => (
  <List
    title="Usage"
    sort={{ field: 'occurredAt', order: 'DESC' }}
    perPage={25}
    filters={filters}
    actions={<UsageActions />}
    exporter={false}
    empty={<UsageEmpty />}
  >
    <UsageSummaryPanel />
    <DataTable
      rowClick={false}
      bulkActionButtons={false}
      empty={<NoMatches>No calls match these filters.</NoMatches>}
    >
      <Column source="occurredAt" sx={NO_WRAP}>
        <DateField source="occurredAt" showTime />
      </Column>
      <Column source="model" disableSort>
        <TextField source="model" sx={{ fontFamily: 'monospace' }} />
      </Column>
      <Column label="Caller and key" disableSort>
        <UsageCallerField />
      </Column>
      <Column source="tenantId" label="Tenant" disableSort>
        <TenantField />
      </Column>
      <Column source="status" disableSort>
        <UsageStatusField />
      </Column>
      <Column label="Tokens in / out" align="right" disableSort sx={NO_WRAP}>
        <UsageTokensField />
      </Column>
      <Column label="Cost" align="right" disableSort sx={NO_WRAP}>
        <UsageCostField />
      </Column>
      <Column label="Latency" align="right" disableSort sx={NO_WRAP}>
        <UsageLatencyField />
      </Column>
    </DataTable>
  </List>
);
