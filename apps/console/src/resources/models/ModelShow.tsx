import {
  ArrayField,
  DataTable,
  DateField,
  DeleteButton,
  EditButton,
  Labeled,
  NumberField,
  ReferenceField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { Stack, Typography } from '@mui/material';
import { useConsolePermissions } from '../../auth/use-console-permissions';
import { TenantField } from '../shared/tenant-reference';
import { CapabilitiesField, ContextWindowField, PriceField } from './fields';
import { DELETE_MODEL_CONFIRM, GLOBAL_CATALOG, type Model, type ModelDeployment } from './types';

const ModelShowTitle = () => {
  const record = useRecordContext<Model>();
  return <>{record ? `Model ${record.alias}` : 'Model'}</>;
};

const ModelShowActions = () => (
  <TopToolbar>
    <EditButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="Delete this model?"
      confirmContent={DELETE_MODEL_CONFIRM}
    />
  </TopToolbar>
);

const Prices = (_props: { label?: string }) => (
  <Stack direction="row" spacing={4} useFlexGap sx={{ flexWrap: 'wrap' }}>
    <Labeled label="Input">
      <PriceField source="inputPrice" />
    </Labeled>
    <Labeled label="Output">
      <PriceField source="outputPrice" />
    </Labeled>
    <Labeled label="Cached input">
      <PriceField source="cachedInputPrice" />
    </Labeled>
  </Stack>
);

const MissingProvider = () => (
  <Typography component="span" variant="body2" color="text.secondary">
    Deleted provider
  </Typography>
);

const Column = DataTable.Col<ModelDeployment>;

const Deployments = (_props: { label?: string }) => {
  const record = useRecordContext<Model>();
  // Developers may read models, not providers: the deployments then show without their provider.
  const readsProviders = useConsolePermissions().can('providers', 'show');
  if (!record) return null;
  if (record.deployments.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No deployments: calls to this model fail until one is added. Edit the model to route it to a provider.
      </Typography>
    );
  }
  return (
    <ArrayField source="deployments">
      <DataTable bulkActionButtons={false} rowClick={false}>
        {readsProviders && (
          <Column source="providerId" label="Provider" disableSort>
            <ReferenceField
              source="providerId"
              reference="providers"
              link="show"
              empty={<MissingProvider />}
            />
          </Column>
        )}
        <Column source="upstreamModel" label="Upstream model" disableSort>
          <TextField source="upstreamModel" sx={{ fontFamily: 'monospace' }} />
        </Column>
        <Column source="priority" label="Priority" disableSort align="right">
          <NumberField source="priority" />
        </Column>
        <Column source="weight" label="Weight" disableSort align="right">
          <NumberField source="weight" />
        </Column>
      </DataTable>
    </ArrayField>
  );
};

export const ModelShow = () => (
  <Show title={<ModelShowTitle />} actions={<ModelShowActions />}>
    <SimpleShowLayout>
      <TextField source="alias" sx={{ fontFamily: 'monospace' }} />
      <TenantField label="Tenant" noTenant={GLOBAL_CATALOG} />
      <TextField source="description" emptyText="—" />
      <CapabilitiesField label="Capabilities" />
      <ContextWindowField label="Context window" />
      <Prices label="Prices per million tokens" />
      <Labeled label="Deployments" fullWidth>
        <Deployments />
      </Labeled>
      <TextField source="id" sx={{ fontFamily: 'monospace' }} />
      <DateField source="createdAt" showTime />
      <DateField source="updatedAt" showTime />
    </SimpleShowLayout>
  </Show>
);
