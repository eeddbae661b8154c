-- The standardization macros on known spellings, on whichever engine runs the build ('' = NULL).
{%- set cases = [
    ('icd10', 'i210', 'I21.0'),
    ('icd10', ' I21.0 ', 'I21.0'),
    ('icd10', 'Ｉ２１．０', 'I21.0'),
    ('icd10', 'I21。0', 'I21.0'),
    ('icd10', 'J189', 'J18.9'),
    ('icd10', 'I21', 'I21'),
    ('icd10', 'I21.', 'I21'),
    ('icd10', 'K35.800X001', 'K35.800x001'),
    ('icd10', 'k358x001', 'K35.8x001'),
    ('icd10', '-', ''),
    ('icd10', '  ', ''),
    ('icd10_list', 'i10；E119,, J18.9', 'I10;E11.9;J18.9'),
    ('icd10_list', '', ''),
    ('icd10_list', '-', ''),
    ('icd10_list', 'I210;-;-;j18.9', 'I21.0;J18.9'),
    ('icd10_list', '-;k358X001;I21.;I21', 'K35.8x001;I21;I21'),
    ('icd10_list', ' Ｅ１１９ 、 I10 ', 'E11.9;I10'),
    ('icd9', '3601', '36.01'),
    ('icd9', '36.01', '36.01'),
    ('icd9', '８１５１００', '81.5100'),
    ('icd9', '00.6600X004', '00.6600x004'),
    ('icd9', '9910', '99.10'),
    ('sex', '男', '1'),
    ('sex', 'F', '2'),
    ('sex', '9', '9'),
    ('sex', '0', '0'),
    ('sex', '3', ''),
    ('discharge_method', '5', '5'),
    ('discharge_method', '死亡', '5'),
    ('discharge_method', '５', '5'),
    ('discharge_method', '6', ''),
    ('readmit_plan', '无', '1'),
    ('readmit_plan', '2', '2'),
    ('incision_class', 'Ⅰ/甲', 'Ⅰ'),
    ('incision_class', 'II／乙', 'Ⅱ'),
    ('incision_class', '0', '0'),
    ('incision_healing', 'Ⅲ/丙', '丙'),
    ('incision_healing', 'Ⅰ', ''),
    ('text', '　心内科一 ', '心内科一'),
    ('text', ' 心　内科', '心　内科'),
    ('text', '-', ''),
] -%}
{%- set macros = {
    'icd10': qc_normalize_icd10,
    'icd10_list': qc_normalize_icd10_list,
    'icd9': qc_normalize_icd9cm3,
    'sex': qc_standardize_sex,
    'discharge_method': qc_standardize_discharge_method,
    'readmit_plan': qc_standardize_readmit_plan,
    'incision_class': qc_incision_class,
    'incision_healing': qc_incision_healing,
    'text': qc_clean_text,
} %}

with cases as (
    {%- for kind, input, expected in cases %}
    select
        '{{ kind }}' as kind,
        '{{ input }}' as input,
        '{{ expected }}' as expected,
        coalesce({{ macros[kind]("'" ~ input ~ "'") }}, '') as actual
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select * from cases where actual <> expected
