// Navigation: breadcrumbs and pagination.
import { useView } from '../context.ts';
import { classes } from './html.ts';

export interface BreadcrumbItem {
  href: string;
  label: string;
}

/** Trail of links to the pages above this one. `items`: from the home page down, excluding this page. */
export function Breadcrumbs(props: { items: BreadcrumbItem[] }) {
  const { t } = useView();
  return (
    <nav class="breadcrumbs" aria-label={t('components.breadcrumbs')}>
      <ol>
        {props.items.map((item) => (
          <li key={item.href}>
            <a href={item.href}>{item.label}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** One entry of a pagination bar: a page number, or a gap (`…`) between numbers. */
export type PaginationEntry = { page: number } | { gap: true };

/**
 * The page numbers a pagination bar shows: the first, the last, the current one and its
 * neighbours, with gaps where pages are left out. Pure; `currentPage` is clamped to 1…totalPages.
 */
export function paginationEntries(currentPage: number, totalPages: number): PaginationEntry[] {
  if (totalPages < 1) return [];
  const current = Math.min(Math.max(1, Math.trunc(currentPage)), totalPages);
  const shown = [...new Set([1, current - 1, current, current + 1, totalPages])].filter((page) => page >= 1 && page <= totalPages).sort((a, b) => a - b);
  const entries: PaginationEntry[] = [];
  let previous = 0;
  for (const page of shown) {
    if (page - previous === 2) entries.push({ page: previous + 1 });
    else if (page - previous > 2) entries.push({ gap: true });
    entries.push({ page });
    previous = page;
  }
  return entries;
}

/**
 * Links to the other pages of a long list. Renders nothing when there is one page or none.
 * - `currentPage`: the page shown now (1-based); it is marked with aria-current="page".
 * - `totalPages`: how many pages there are.
 * - `href(page)`: builds the address of a page (plain links: works without JavaScript).
 * - `label`: the navigation's accessible name (default "Paginación"); give each pagination
 *   on one page its own label.
 */
export function Pagination(props: { currentPage: number; totalPages: number; href: (page: number) => string; label?: string }) {
  const { t } = useView();
  const { totalPages, href } = props;
  if (totalPages <= 1) return null;
  const current = Math.min(Math.max(1, Math.trunc(props.currentPage)), totalPages);
  return (
    <nav class="pagination" aria-label={props.label ?? t('components.pagination.label')}>
      {current > 1 ? (
        <p class="pagination__prev">
          <a href={href(current - 1)} rel="prev">
            <span class="pagination__arrow" aria-hidden="true">
              ←
            </span>
            <span>
              {t('components.pagination.previous')}
              <span class="visually-hidden"> {t('components.pagination.pageSuffix', { page: current - 1 })}</span>
            </span>
          </a>
        </p>
      ) : null}
      <ul class="pagination__list">
        {paginationEntries(current, totalPages).map((entry, index) =>
          'gap' in entry ? (
            <li key={`gap-${index}`} class="pagination__gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={entry.page} class={classes('pagination__item', entry.page === current && 'pagination__item--current')}>
              <a href={href(entry.page)} aria-current={entry.page === current ? 'page' : undefined}>
                <span class="visually-hidden">{t('components.pagination.page')} </span>
                {entry.page}
              </a>
            </li>
          ),
        )}
      </ul>
      {current < totalPages ? (
        <p class="pagination__next">
          <a href={href(current + 1)} rel="next">
            <span>
              {t('components.pagination.next')}
              <span class="visually-hidden"> {t('components.pagination.pageSuffix', { page: current + 1 })}</span>
            </span>
            <span class="pagination__arrow" aria-hidden="true">
              →
            </span>
          </a>
        </p>
      ) : null}
    </nav>
  );
}
