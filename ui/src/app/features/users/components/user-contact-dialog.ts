import { ChangeDetectionStrategy, Component, OnInit, inject, input, output, signal } from '@angular/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzDescriptionsModule } from 'ng-zorro-antd/descriptions';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { toApiError } from '../../../core/api/api-error';
import { User, UserContact } from '../../../core/api/models';
import { UsersApi } from '../data-access/users-api';

/**
 * 查看联系方式: the user's phone and e-mail in clear (GET /api/users/{id}/contact, personal:unmask).
 * Each opening is one audited request; the numbers live only as long as the dialog.
 */
@Component({
  selector: 'app-user-contact-dialog',
  imports: [NzModalModule, NzDescriptionsModule, NzAlertModule, NzSpinModule],
  template: `
    <nz-modal
      [nzVisible]="true"
      [nzTitle]="'联系方式：' + user().displayName + '（' + user().username + '）'"
      [nzCancelText]="null"
      nzOkText="关闭"
      (nzOnOk)="closed.emit()"
      (nzOnCancel)="closed.emit()"
    >
      <ng-container *nzModalContent>
        <nz-alert
          class="audit-note"
          nzType="warning"
          nzShowIcon
          nzMessage="此操作已记录审计日志。请仅在工作需要时查看，不得截图、转发或另作他用。"
        />
        <nz-spin [nzSpinning]="loading()">
          @if (error(); as message) {
            <nz-alert nzType="error" nzShowIcon [nzMessage]="message" />
          } @else {
            <nz-descriptions nzBordered [nzColumn]="1" nzSize="small" data-testid="user-contact">
              <nz-descriptions-item nzTitle="手机号">
                <span data-testid="contact-phone">{{ contact()?.phone || '未填写' }}</span>
              </nz-descriptions-item>
              <nz-descriptions-item nzTitle="邮箱">
                <span data-testid="contact-email">{{ contact()?.email || '未填写' }}</span>
              </nz-descriptions-item>
            </nz-descriptions>
          }
        </nz-spin>
      </ng-container>
    </nz-modal>
  `,
  styles: `
    .audit-note {
      margin-bottom: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserContactDialog implements OnInit {
  private readonly api = inject(UsersApi);

  readonly user = input.required<User>();
  readonly closed = output<void>();

  protected readonly contact = signal<UserContact | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);

  ngOnInit(): void {
    this.api.contact(this.user().id).subscribe({
      next: (contact) => {
        this.contact.set(contact);
        this.loading.set(false);
      },
      error: (e: unknown) => {
        this.error.set(toApiError(e).message);
        this.loading.set(false);
      },
    });
  }
}
