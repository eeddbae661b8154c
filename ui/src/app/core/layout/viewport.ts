import { BreakpointObserver } from '@angular/cdk/layout';
import { Injectable, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

/** Below this width the sider becomes a drawer and tables stop pinning columns. */
export const MOBILE_QUERY = '(max-width: 767.98px)';

/** The viewport size class, as a signal. */
@Injectable({ providedIn: 'root' })
export class Viewport {
  readonly isMobile = toSignal(
    inject(BreakpointObserver)
      .observe(MOBILE_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: typeof window !== 'undefined' && !!window.matchMedia?.(MOBILE_QUERY).matches },
  );
}
