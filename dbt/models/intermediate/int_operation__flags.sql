{{ config(order_by='(record_key, op_slot)') }}

{#-
  Per operation slot, the flags of the operation indicators:
    is_minimally_invasive  the code begins with a code_prefix of ref_minimally_invasive_op, or the name
                           contains one of its name_keyword rows, and the name contains none of its
                           name_exclude rows (中转开腹) — PERF-04 counts these among 手术 (is_surgery)
    is_class_i_incision    a 手术 whose 切口愈合等级 is class Ⅰ (PERF-07 denominator)
    is_class_i_infection   of those, healed 丙 (切口化脓, PERF-07 numerator)
  Each distinct (code, name) pair is matched against the seed once and joined back.
-#}

with operations as (

    select
        operation_key,
        record_key,
        op_slot,
        op_code,
        op_name,
        is_surgery,
        incision_class,
        incision_healing,
        coalesce(op_code, '') as code_key,
        coalesce(op_name, '') as name_key
    from {{ ref('stg_his__operations') }}

),

rules as (

    select match_type, pattern from {{ ref('ref_minimally_invasive_op') }}

),

pairs as (

    select distinct code_key, name_key from operations

),

matched as (

    select
        pairs.code_key as code_key,
        pairs.name_key as name_key,
        max(case
            when rules.match_type = 'code_prefix' and pairs.code_key <> '' and {{ qc_starts_with('pairs.code_key', 'rules.pattern') }} then rules.pattern
            when rules.match_type = 'name_keyword' and {{ qc_contains('pairs.name_key', 'rules.pattern') }} then rules.pattern
        end) as minimally_invasive_rule,
        max(case
            when rules.match_type = 'name_exclude' and {{ qc_contains('pairs.name_key', 'rules.pattern') }} then 1 else 0
        end) as is_excluded
    from pairs
    cross join rules
    group by pairs.code_key, pairs.name_key

),

final as (

    select
        operations.operation_key as operation_key,
        operations.record_key as record_key,
        operations.op_slot as op_slot,
        operations.is_surgery as is_surgery,
        case when matched.is_excluded = 0 then matched.minimally_invasive_rule end as minimally_invasive_rule,
        case
            when matched.is_excluded = 0 and matched.minimally_invasive_rule is not null then true
            else false
        end as is_minimally_invasive,
        case when operations.is_surgery and operations.incision_class = 'Ⅰ' then true else false end as is_class_i_incision,
        case
            when operations.is_surgery and operations.incision_class = 'Ⅰ' and operations.incision_healing = '丙' then true
            else false
        end as is_class_i_infection
    from operations
    left join matched
        on operations.code_key = matched.code_key
        and operations.name_key = matched.name_key

)

select * from final
