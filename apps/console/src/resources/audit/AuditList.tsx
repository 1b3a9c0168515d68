import {
  DataTable,
  DateField,
  DateTimeInput,
  FilterButton,
  List,
  SelectInput,
  ShowButton,
  TextInput,
  TopToolbar,
} from 'react-admin';
import HistoryIcon from '@mui/icons-material/History';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import { useConsolePermissions } from '../../auth/use-console-permissions';
import { ExportNdjsonButton } from './ExportNdjsonButton';
import { VerifyIntegrityButton } from './VerifyIntegrityButton';
import { ActionField, ActorField, TargetField } from './fields';
import { ACTOR_TYPE_CHOICES, DATE_TIME_OPTIONS, type AuditEvent } from './types';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';

// The API wants ISO 8601 instants; the input edits local time.
const toInstant = (value: unknown): string | undefined => {
  if (typeof value !== 'string' || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

const monospace = { '& input': { fontFamily: 'monospace' } };

const filters = [
  <TenantFilter key="tenantId" source="tenantId" alwaysOn />,
  <TextInput
    key="actionPrefix"
    source="actionPrefix"
    label="Action starts with"
    placeholder="e.g. user."
    alwaysOn
    resettable
    sx={monospace}
  />,
  <DateTimeInput key="from" source="from" label="From" parse={toInstant} alwaysOn />,
  <DateTimeInput key="to" source="to" label="Before" parse={toInstant} alwaysOn />,
  <TextInput key="action" source="action" label="Action (exact)" sx={monospace} />,
  <SelectInput key="actorType" source="actorType" label="Actor type" choices={ACTOR_TYPE_CHOICES} />,
  <TextInput key="actorId" source="actorId" label="Actor id" sx={monospace} />,
  <TextInput
    key="targetType"
    source="targetType"
    label="Target type"
    placeholder="e.g. user"
    sx={monospace}
  />,
  <TextInput key="targetId" source="targetId" label="Target id" sx={monospace} />,
  <TextInput key="requestId" source="requestId" label="Request id" sx={monospace} />,
];

const AuditActions = () => {
  const { can } = useConsolePermissions();
  return (
    <TopToolbar>
      <FilterButton />
      {/* The integrity check walks every tenant's chain: platform admins and global auditors. */}
      {can('audit', 'verify') && <VerifyIntegrityButton />}
      {can('audit', 'export') && <ExportNdjsonButton />}
    </TopToolbar>
  );
};

const AuditEmpty = () => (
  <EmptyState icon={HistoryIcon} title="No audit events yet">
    Every change made through the admin API or pushed by an IdP is recorded here, with who made it, when and
    what changed. Create a tenant or change a setting, and its event appears.
  </EmptyState>
);

const Column = DataTable.Col<AuditEvent>;

export const AuditList = () => (
  <List
    title="Audit log"
    sort={{ field: 'seq', order: 'DESC' }}
    perPage={50}
    filters={filters}
    actions={<AuditActions />}
    exporter={false}
    empty={<AuditEmpty />}
  >
    <DataTable
      rowClick="show"
      bulkActionButtons={false}
      empty={<NoMatches>No audit events match these filters.</NoMatches>}
    >
      <Column source="seq" label="#" />
      <Column source="occurredAt" sx={NO_WRAP}>
        <DateField source="occurredAt" showTime options={DATE_TIME_OPTIONS} />
      </Column>
      <Column source="action" disableSort>
        <ActionField />
      </Column>
      <Column label="Actor" disableSort>
        <ActorField />
      </Column>
      <Column source="tenantId" label="Tenant" disableSort>
        <TenantField noTenant="Platform" />
      </Column>
      <Column label="Target" disableSort>
        <TargetField />
      </Column>
      <Column label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
        <ShowButton />
      </Column>
    </DataTable>
  </List>
);
