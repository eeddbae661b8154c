-- Every latest raw record reaches fct_discharge exactly once (no row lost or doubled on the way).
with raw_keys as (

    select count(distinct record_key) as records from {{ source('his', 'discharge_records') }}

),

fact_rows as (

    select count(*) as records from {{ ref('fct_discharge') }}

)

select raw_keys.records as raw_records, fact_rows.records as fact_records
from raw_keys
cross join fact_rows
where raw_keys.records <> fact_rows.records
