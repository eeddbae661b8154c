import {
  ChangeDetectionStrategy,
  Component,
  OnInit,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzGridModule } from 'ng-zorro-antd/grid';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { Observable } from 'rxjs';
import { Role, User } from '../../../core/api/models';
import { FieldErrorPipe } from '../../../shared/field-error.pipe';
import { formFailure, validateForm } from '../../../shared/forms';
import { ORG_KIND_LABELS } from '../../../shared/labels';
import { OrgLookup } from '../data-access/org-lookup';
import { UpdateUserPayload, UsersApi } from '../data-access/users-api';

/** Same rule as ops-api: starts with a letter, 3–32 characters. */
export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/;
export const USERNAME_HINT = '以字母开头的 3–32 位字母、数字、_ . -';
export const PHONE_PATTERN = /^[0-9+\-() ]{5,20}$/;
export const PASSWORD_MIN_LENGTH = 8;

/** New user (POST /api/users) or edit of the profile fields (PATCH /api/users/{id}). */
@Component({
  selector: 'app-user-form',
  imports: [
    ReactiveFormsModule,
    NzModalModule,
    NzFormModule,
    NzGridModule,
    NzInputModule,
    NzSelectModule,
    NzAlertModule,
    FieldErrorPipe,
  ],
  providers: [OrgLookup],
  templateUrl: './user-form.html',
  styles: `
    .form-alert {
      margin-bottom: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserForm implements OnInit {
  private readonly api = inject(UsersApi);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly orgs = inject(OrgLookup);

  /** The user to edit; null to create one. */
  readonly user = input<User | null>(null);
  readonly roles = input<Role[]>([]);
  readonly saved = output<User>();
  readonly closed = output<void>();

  protected readonly kindLabels = ORG_KIND_LABELS;
  protected readonly usernameHint = USERNAME_HINT;
  protected readonly isEdit = computed(() => this.user() !== null);
  protected readonly title = computed(() => {
    const user = this.user();
    return user ? `编辑用户：${user.displayName}` : '新建用户';
  });
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);

  protected readonly form = this.fb.group({
    username: [
      '',
      [Validators.required, Validators.pattern(USERNAME_PATTERN)],
    ],
    displayName: ['', [Validators.required, Validators.maxLength(50)]],
    password: [
      '',
      [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(128)],
    ],
    orgId: this.fb.control<number | null>(null, Validators.required),
    roleCodes: this.fb.control<string[]>([], Validators.required),
    phone: ['', Validators.pattern(PHONE_PATTERN)],
    email: ['', [Validators.email, Validators.maxLength(200)]],
  });

  ngOnInit(): void {
    const user = this.user();
    if (!user) return;
    this.orgs.pin({ id: user.org.id, name: user.org.name, kind: user.org.kind });
    this.form.patchValue({
      username: user.username,
      displayName: user.displayName,
      orgId: user.org.id,
      roleCodes: user.roles.map((r) => r.code),
      // The server masks phone and e-mail; an empty box means "keep the current one".
      phone: '',
      email: '',
    });
    // Roles and passwords have their own dialogs when editing.
    this.form.controls.username.disable();
    this.form.controls.password.disable();
    this.form.controls.roleCodes.disable();
  }

  protected submit(): void {
    this.formError.set(null);
    if (!validateForm(this.form)) return;
    const user = this.user();
    let request: Observable<User>;
    if (user) {
      const patch = this.changes(user);
      if (Object.keys(patch).length === 0) {
        this.closed.emit();
        return;
      }
      request = this.api.update(user.id, patch);
    } else {
      const v = this.form.getRawValue();
      request = this.api.create({
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        password: v.password,
        orgId: v.orgId!,
        roleCodes: v.roleCodes,
        ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
        ...(v.email.trim() ? { email: v.email.trim() } : {}),
      });
    }
    this.saving.set(true);
    request.subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.saved.emit(saved);
      },
      error: (error: unknown) => {
        // Username is the only unique key a new user can collide on.
        this.formError.set(formFailure(this.form, error, user ? undefined : 'username'));
        this.saving.set(false);
      },
    });
  }

  private changes(user: User): UpdateUserPayload {
    const v = this.form.getRawValue();
    const patch: UpdateUserPayload = {};
    if (v.displayName.trim() !== user.displayName) patch.displayName = v.displayName.trim();
    if (v.orgId !== null && v.orgId !== user.org.id) patch.orgId = v.orgId;
    if (v.phone.trim()) patch.phone = v.phone.trim();
    if (v.email.trim()) patch.email = v.email.trim();
    return patch;
  }
}
