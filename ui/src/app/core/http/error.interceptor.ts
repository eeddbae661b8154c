import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { NzMessageService } from 'ng-zorro-antd/message';
import { catchError, throwError } from 'rxjs';
import { toApiError } from '../api/api-error';
import { SILENT_ERRORS } from './http-context';

/** Shows the server's Chinese message for failed requests; 401s are left to the auth interceptor. */
export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const message = inject(NzMessageService);
  return next(req).pipe(
    catchError((error: unknown) => {
      const silent = req.context.get(SILENT_ERRORS);
      if (!silent && !(error instanceof HttpErrorResponse && error.status === 401)) {
        message.error(toApiError(error).message);
      }
      return throwError(() => error);
    }),
  );
};
