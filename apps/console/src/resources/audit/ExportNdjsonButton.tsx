import { useState } from 'react';
import { Button, useListContext, useNotify } from 'react-admin';
import { CircularProgress } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { API_URL, apiFetch } from '../../providers/http';

const fileNameOf = (contentDisposition: string | null): string | undefined =>
  /filename="([^"]+)"/.exec(contentDisposition ?? '')?.[1];

const saveBlob = (blob: Blob, fileName: string): void => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next tick: the click has started the download by then.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
};

/**
 * Downloads the events of the current filter as NDJSON (oldest first). The export needs the bearer
 * header, so it goes through the app's fetch helper and is saved from a Blob, not a plain link.
 */
export const ExportNdjsonButton = () => {
  const list = useListContext();
  const filterValues: unknown = list.filterValues;
  const { total } = list;
  const notify = useNotify();
  const [exporting, setExporting] = useState(false);

  const exportEvents = async () => {
    setExporting(true);
    try {
      const query = new URLSearchParams({ filter: JSON.stringify(filterValues) });
      const { body, headers } = await apiFetch(`${API_URL}/audit/export?${query.toString()}`, {
        headers: new Headers({ Accept: 'application/x-ndjson' }),
      });
      const fileName = fileNameOf(headers.get('Content-Disposition')) ?? 'audit.ndjson';
      saveBlob(new Blob([body], { type: 'application/x-ndjson' }), fileName);
      const count = body.split('\n').filter((line) => line.trim() !== '').length;
      notify(`Exported ${count} ${count === 1 ? 'event' : 'events'} to ${fileName}`, { type: 'success' });
    } catch (error: unknown) {
      notify(error instanceof Error ? error.message : 'The export failed.', { type: 'error' });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Button
      label={exporting ? 'Exporting…' : 'Export NDJSON'}
      onClick={() => void exportEvents()}
      disabled={exporting || total === 0}
      aria-busy={exporting}
    >
      {exporting ? <CircularProgress size={16} aria-hidden /> : <DownloadIcon />}
    </Button>
  );
};
