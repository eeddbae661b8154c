import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { forkJoin } from 'rxjs';
import { Me, Org } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { silentErrors } from '../../../core/http/http-context';
import { AnalyticsApi } from './analytics-api';

/** An org the analytics pages can be asked about. */
export interface OrgOption {
  code: string;
  name: string;
  kind: 'city' | 'qc_center' | 'hospital';
}

/** The org options in their display groups, empty groups left out. */
export interface OrgGroup {
  label: string;
  options: OrgOption[];
}

/**
 * What a user may pick, from their own org and the lists /api/orgs gives within their scope: a
 * hospital user only their hospital (the server is not asked); a commission user the whole city,
 * every center and hospital; a center user their center and its hospitals.
 */
export function buildOrgOptions(me: Me | null, centers: readonly Org[], hospitals: readonly Org[]): OrgOption[] {
  if (!me) return [];
  if (me.org.kind === 'hospital') return [{ code: me.org.code, name: me.org.name, kind: 'hospital' }];
  const options: OrgOption[] = [];
  if (me.org.kind === 'commission') options.push({ code: me.org.code, name: `全市（${me.org.name}）`, kind: 'city' });
  for (const c of centers) options.push({ code: c.code, name: c.name, kind: 'qc_center' });
  for (const h of hospitals) options.push({ code: h.code, name: h.name, kind: 'hospital' });
  return options;
}

/** The org a page starts on: the city for the commission, the own center or hospital otherwise. */
export function defaultOrg(me: Me | null, options: readonly OrgOption[]): string | null {
  if (!me) return null;
  // The own org is in scope by definition, even before the lists have arrived.
  if (me.org.kind !== 'department') return me.org.code;
  return options[0]?.code ?? null;
}

const GROUP_LABELS: Record<OrgOption['kind'], string> = { city: '全市', qc_center: '质控中心', hospital: '医疗机构' };

/** Loads and holds the org options of the signed-in user. Provide it per page. */
@Injectable()
export class OrgOptions {
  private readonly api = inject(AnalyticsApi);
  private readonly auth = inject(AuthService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly centers = signal<Org[]>([]);
  private readonly hospitals = signal<Org[]>([]);

  readonly loading = signal(false);
  readonly loaded = signal(false);
  readonly options = computed(() => buildOrgOptions(this.auth.me(), this.centers(), this.hospitals()));
  readonly groups = computed<OrgGroup[]>(() =>
    (['city', 'qc_center', 'hospital'] as const)
      .map((kind) => ({ label: GROUP_LABELS[kind], options: this.options().filter((o) => o.kind === kind) }))
      .filter((g) => g.options.length > 0),
  );
  readonly defaultCode = computed(() => defaultOrg(this.auth.me(), this.options()));
  /** Only centers, for the center filters of the completion board and the monitor. */
  readonly centerOptions = computed(() => this.options().filter((o) => o.kind === 'qc_center'));

  /** The name of an org code when it is among the options, else the code itself. */
  nameOf(code: string | null | undefined): string {
    if (!code) return '';
    return this.options().find((o) => o.code === code)?.name ?? code;
  }

  /** Fills the lists; a failure leaves the user's own org as the only choice (the pages still work). */
  load(): void {
    const me = this.auth.me();
    if (!me || me.org.kind === 'hospital') {
      this.loaded.set(true);
      return;
    }
    this.loading.set(true);
    forkJoin([this.api.orgs('qc_center', silentErrors()), this.api.orgs('hospital', silentErrors())])
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ([centers, hospitals]) => {
          this.centers.set(centers);
          this.hospitals.set(hospitals);
          this.loading.set(false);
          this.loaded.set(true);
        },
        error: () => {
          this.loading.set(false);
          this.loaded.set(true);
        },
      });
  }
}
