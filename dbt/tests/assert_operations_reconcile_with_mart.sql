-- The month mart's operation counts equal the operations table's rows, per hospital and month.
with from_operations as (

    select
        org_code,
        discharge_month as month_start,
        cast(sum(case when is_surgery then 1 else 0 end) as bigint) as operations,
        cast(sum(case when op_level = 4 then 1 else 0 end) as bigint) as operations_level_4,
        cast(sum(case when is_surgery then 0 else 1 end) as bigint) as procedures
    from {{ ref('fct_operation') }}
    group by org_code, discharge_month

),

from_mart as (

    select org_code, month_start, operations, operations_level_4, procedures
    from {{ ref('mart_hospital_month') }}
    where operations + procedures > 0

),

compared as (

    select
        from_mart.org_code as org_code,
        from_mart.month_start as month_start,
        from_mart.operations as mart_operations,
        from_operations.operations as table_operations,
        from_mart.operations_level_4 as mart_level_4,
        from_operations.operations_level_4 as table_level_4,
        from_mart.procedures as mart_procedures,
        from_operations.procedures as table_procedures
    from from_mart
    left join from_operations
        on from_mart.org_code = from_operations.org_code
        and from_mart.month_start = from_operations.month_start

)

select *
from compared
where table_operations is null
    or mart_operations <> table_operations
    or mart_level_4 <> table_level_4
    or mart_procedures <> table_procedures
