import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import {
  Alert,
  Card,
  CardContent,
  CardHeader,
  Chip,
  CircularProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ConsoleDataProvider } from '../../providers/data-provider';
import type { RecentConfigChanges } from './types';

const SHOWN = 8;

const when = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });

type State =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; recent: RecentConfigChanges };

/**
 * The configuration revision data-plane nodes catch up to, and the latest changes that made it:
 * each change to a key, a person, a model or an issuer is a revision nodes apply within a second.
 */
export const ConfigChangesCard = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const [result, setResult] = useState<State>({ state: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    dataProvider.getRecentConfigChanges(SHOWN, controller.signal).then(
      (recent) => {
        setResult({ state: 'ready', recent });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setResult({
            state: 'failed',
            message: error instanceof Error ? error.message : 'The configuration could not be read.',
          });
      },
    );
    return () => {
      controller.abort();
    };
  }, [dataProvider]);

  return (
    <Card component="section" aria-labelledby="config-title" sx={{ flex: '1 1 100%' }}>
      <CardHeader
        title="Configuration"
        subheader="Every change is a revision that data-plane nodes apply within a second."
        slotProps={{ title: { id: 'config-title', component: 'h2', variant: 'h6' } }}
        action={
          result.state === 'ready' ? (
            <Chip variant="outlined" label={`Revision ${result.recent.revision}`} sx={{ mt: 1, mr: 1 }} />
          ) : null
        }
        sx={{ pb: 0 }}
      />
      <CardContent>
        {result.state === 'loading' && <CircularProgress size={24} aria-label="Loading the configuration" />}
        {result.state === 'failed' && <Alert severity="error">{result.message}</Alert>}
        {result.state === 'ready' &&
          (result.recent.changes.length === 0 ? (
            <Typography color="text.secondary">
              No recent changes here. Creating a key, a model or a grant makes the next revision.
            </Typography>
          ) : (
            <Table size="small" aria-label="Recent configuration changes">
              <TableHead>
                <TableRow>
                  <TableCell>Revision</TableCell>
                  <TableCell>When</TableCell>
                  <TableCell>What</TableCell>
                  <TableCell>Change</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {result.recent.changes.map((change) => (
                  <TableRow key={change.id}>
                    <TableCell>{change.id}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{when(change.occurredAt)}</TableCell>
                    <TableCell sx={{ fontFamily: 'monospace' }}>
                      {`${change.entity} ${change.entityId.slice(0, 8)}${change.entityId.length > 8 ? '…' : ''}`}
                    </TableCell>
                    <TableCell>{change.op}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ))}
      </CardContent>
    </Card>
  );
};
