/** Cell style for dates: one line, so rows keep one height. */
export const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** Cell style for a row's action buttons: side by side, a little apart. */
export const ACTIONS_CELL = {
  whiteSpace: 'nowrap',
  '& .MuiButton-root + .MuiButton-root': { ml: 1 },
} as const;
