-- One chunk of the monthly verrekening, set-based, in one statement (PostgreSQL).
--
-- The same rule as invordering.rules.verrekening and the Python planner in
-- services/verrekening_run.py, written as closed forms so the database can do a whole
-- chunk at once (tests/invordering/test_verrekening_sql.py runs both on generated data
-- and compares every row they write):
--
-- * Within one group (a burger's vorderingen, per toeslag soort or all together, per the
--   regime) the voorschotten are taken in toeslag order. Each voorschot i gives
--   max(0, min(gewenst - T, openstaand - T, voorschot_i - minimum, capaciteit - T)), T being
--   what the voorschotten before it gave. By induction T after voorschot i equals
--   max(0, min(L, P_i)) with L = min(gewenst, openstaand, capaciteit) and P_i the running
--   sum of max(0, voorschot_j - minimum): a window function.
-- * The PBT capaciteit holds for the burger as a whole: groups take it in the order of
--   their oldest vordering, each getting what the groups before it left.
-- * Allocation (oldest vordering first; kosten, rente, hoofdsom): voorschot i covers the
--   interval [T_before, T_after) of the group's running open amounts, so its booking on a
--   component is the overlap of that interval with the component's own interval.
--
-- Run with enable_nestloop off: the planner cannot know how many rows each step holds and
-- guesses one, so it would loop over them; every table is read by id arrays instead, so
-- no step needs a nested loop to reach an index.
--
-- It writes the verrekeningen and their bookings and updates the saldi; the timelines
-- tell each verrekening from its own row (selectors/tijdlijn.py), so no event is written.
--
-- The verrekening id sequence is written into the text once (services/verrekening_sql.py),
-- so the statement can be prepared; that is also why every parameter is cast. Parameters
-- (psycopg named): ids, burgers (theirs), maand, maandtekst, jaar, maand_nr, volgend_jaar,
-- volgend_nr, alle, minimum, max_termijnen, minimum_termijn, pauze, dag, regime, nu,
-- soort_boeking.
WITH v AS (
    SELECT v.id, v.burger_id, v.saldo, v.hoofdsom, t.soort,
           CASE WHEN %(alle)s::boolean THEN '' ELSE t.soort END AS groep,
           row_number() OVER (PARTITION BY v.burger_id ORDER BY v.dagtekening, v.id) AS volgorde
    FROM invordering_vordering v
    JOIN (SELECT id, soort FROM invordering_toeslag WHERE burger_id = ANY(%(burgers)s::bigint[]))
        AS t ON t.id = v.toeslag_id
    WHERE v.id = ANY(%(ids)s::bigint[])
),
gedaan AS (
    -- Through the toeslagen, so the (toeslag, maand) key finds them.
    SELECT DISTINCT burger_id FROM invordering_verrekening
    WHERE maand = %(maand)s::date
      AND toeslag_id = ANY(ARRAY(SELECT id FROM invordering_toeslag
                                 WHERE burger_id = ANY(%(burgers)s::bigint[])))
),
gepauzeerd AS (
    SELECT DISTINCT v.burger_id
    FROM v
    JOIN invordering_pauze_vorderingen pv ON pv.vordering_id = v.id
    JOIN invordering_pauze p ON p.id = pv.pauze_id
    WHERE %(pauze)s::boolean AND pv.vordering_id = ANY(%(ids)s::bigint[])
      AND p.id = ANY(ARRAY(SELECT pauze_id FROM invordering_pauze_vorderingen
                           WHERE vordering_id = ANY(%(ids)s::bigint[])))
      AND p.startdatum <= %(dag)s::date
      AND ((p.beeindigd_op IS NULL AND p.einddatum >= %(dag)s::date)
           OR p.beeindigd_op >= %(dag)s::date)
),
burger AS (
    SELECT burger_id, count(*) AS aantal,
           CASE WHEN burger_id IN (SELECT burger_id FROM gedaan) THEN 'al_verrekend'
                WHEN burger_id IN (SELECT burger_id FROM gepauzeerd) THEN 'pauze'
                ELSE 'actief' END AS status,
           array_agg(id ORDER BY volgorde) AS vorderingen
    FROM v GROUP BY burger_id
),
va AS (
    -- The standard termijn of each vordering (rules.termijnen.standaard_termijnen[0]):
    -- n = min(max, max(1, floor(hoofdsom / minimum))), termijn = floor_cent(hoofdsom / n).
    SELECT v.*,
           (div(v.hoofdsom * 100, least(%(max_termijnen)s::int,
                greatest(1, div(v.hoofdsom, %(minimum_termijn)s::numeric)))) / 100)::numeric(12, 2)
               AS termijn
    FROM v JOIN burger b USING (burger_id)
    WHERE b.status = 'actief'
),
capaciteit AS (
    SELECT DISTINCT ON (burger_id) burger_id, betalingscapaciteit AS capaciteit
    FROM invordering_regeling
    WHERE betalingscapaciteit IS NOT NULL AND burger_id = ANY(%(burgers)s::bigint[])
    ORDER BY burger_id, startdatum DESC, id DESC
),
versie AS (
    -- The voorschot of this and next month per toeslag: the highest versie in effect.
    SELECT DISTINCT ON (b.toeslag_id, m.volgend) m.volgend, b.toeslag_id, t.burger_id,
           t.soort, b.maandbedrag AS bedrag
    FROM (VALUES (false, %(jaar)s::int, %(maand_nr)s::int),
                 (true, %(volgend_jaar)s::int, %(volgend_nr)s::int))
         AS m(volgend, jaar, nr)
    JOIN invordering_toeslag t ON t.jaar = m.jaar
    JOIN invordering_beschikking b ON b.toeslag_id = t.id
    WHERE b.soort = 'voorschot' AND b.ingangsmaand <= m.nr
      AND t.burger_id = ANY(%(burgers)s::bigint[])
      AND b.toeslag_id = ANY(ARRAY(SELECT id FROM invordering_toeslag
                                   WHERE burger_id = ANY(%(burgers)s::bigint[])
                                     AND jaar IN (%(jaar)s::int, %(volgend_jaar)s::int)))
    ORDER BY b.toeslag_id, m.volgend, b.versie DESC
),
groep AS (
    SELECT burger_id, groep, sum(termijn) AS gewenst, sum(saldo) AS openstaand,
           min(volgorde) AS eerste, count(*) AS aantal
    FROM va GROUP BY burger_id, groep
),
bron AS (
    SELECT g.burger_id, g.groep, s.volgend, s.toeslag_id, s.soort, s.bedrag
    FROM groep g
    JOIN versie s ON s.burger_id = g.burger_id AND (g.groep = '' OR s.soort = g.groep)
    WHERE s.bedrag > 0
),
ruimte AS (
    -- Per group and month: what all its voorschotten could give above the minimum.
    SELECT burger_id, groep, volgend, sum(greatest(bedrag - %(minimum)s::numeric, 0.00)) AS ruimte,
           count(*) AS bronnen
    FROM bron GROUP BY burger_id, groep, volgend
),
deze AS (
    -- This month: the capaciteit left for each group after the groups before it.
    SELECT g.*, c.capaciteit, coalesce(r.bronnen, 0) AS bronnen,
           c.capaciteit - least(c.capaciteit, coalesce(sum(greatest(0.00, least(
               g.gewenst, g.openstaand, coalesce(r.ruimte, 0.00)))) OVER voor, 0)) AS cap_rest
    FROM groep g
    LEFT JOIN capaciteit c USING (burger_id)
    LEFT JOIN ruimte r ON r.burger_id = g.burger_id AND r.groep = g.groep AND NOT r.volgend
    WINDOW voor AS (PARTITION BY g.burger_id ORDER BY g.eerste
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
stap AS (
    SELECT d.burger_id, d.groep, d.gewenst, d.openstaand, d.capaciteit, d.cap_rest,
           b.toeslag_id, b.soort, b.bedrag AS voorschot,
           greatest(0.00, least(d.gewenst, d.openstaand, d.cap_rest, coalesce(sum(
               greatest(b.bedrag - %(minimum)s::numeric, 0.00)) OVER voor, 0))) AS t_voor
    FROM deze d
    JOIN bron b ON b.burger_id = d.burger_id AND b.groep = d.groep AND NOT b.volgend
    WINDOW voor AS (PARTITION BY d.burger_id, d.groep ORDER BY b.toeslag_id
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
grens AS (
    SELECT s.*, s.gewenst - s.t_voor AS x_gewenst, s.openstaand - s.t_voor AS x_open,
           s.voorschot - %(minimum)s::numeric AS x_minimum, s.cap_rest - s.t_voor AS x_cap
    FROM stap s
),
plan AS (
    SELECT g.*,
           greatest(0.00, least(x_gewenst, x_open, x_minimum, x_cap)) AS bedrag,
           CASE least(x_gewenst, x_open, x_minimum, x_cap)
               WHEN x_gewenst THEN 'gewenst' WHEN x_open THEN 'openstaand'
               WHEN x_minimum THEN 'minimum_uitbetaling' ELSE 'capaciteit' END AS begrensd_door
    FROM grens g
),
genomen AS MATERIALIZED (
    -- The verrekening's id is drawn here, so the bookings below carry it along instead
    -- of joining back to the inserted rows.
    SELECT p.*, nextval({reeks}::regclass) AS verrekening_id,
           jsonb_build_object('begrensd_door', p.begrensd_door, 'regime', %(regime)s::text,
               'gewenst', p.gewenst::text, 'minimum_uitbetaling', %(minimum)s::numeric::text,
               'capaciteit', p.capaciteit::text) AS specificatie
    FROM plan p WHERE p.bedrag > 0
),
ledger AS (
    SELECT vordering_id, component, sum(bedrag) AS open
    FROM invordering_boeking
    WHERE vordering_id = ANY(%(ids)s::bigint[])
    GROUP BY vordering_id, component
),
post AS (
    SELECT va.burger_id, va.groep, va.id AS vordering_id, va.volgorde, c.nr,
           c.component, greatest(l.open, 0) AS open
    FROM va
    CROSS JOIN (VALUES (1, 'kosten'), (2, 'rente'), (3, 'hoofdsom')) AS c(nr, component)
    JOIN ledger l ON l.vordering_id = va.id AND l.component = c.component
    WHERE l.open > 0
),
post_bereik AS (
    SELECT p.*, sum(p.open) OVER (PARTITION BY p.burger_id, p.groep ORDER BY p.volgorde, p.nr)
               - p.open AS p_voor
    FROM post p
),
toewijzing AS (
    SELECT g.verrekening_id, g.toeslag_id, g.soort, g.burger_id, g.groep, pb.vordering_id,
           pb.component,
           least(g.t_voor + g.bedrag, pb.p_voor + pb.open) - greatest(g.t_voor, pb.p_voor)
               AS bedrag
    FROM genomen g
    JOIN post_bereik pb ON pb.burger_id = g.burger_id AND pb.groep = g.groep
     AND pb.p_voor < g.t_voor + g.bedrag AND pb.p_voor + pb.open > g.t_voor
),
nieuw AS (
    INSERT INTO invordering_verrekening
        (id, burger_id, toeslag_id, maand, voorschot, bedrag, uitbetaald, specificatie,
         aangemaakt_op)
    SELECT verrekening_id, burger_id, toeslag_id, %(maand)s::date, voorschot, bedrag,
           voorschot - bedrag, specificatie, %(nu)s::timestamptz
    FROM genomen
    RETURNING 1
),
boeking AS (
    INSERT INTO invordering_boeking
        (vordering_id, soort, component, bedrag, boekdatum, omschrijving, sleutel,
         aangemaakt_op, verrekening_id)
    SELECT vordering_id, %(soort_boeking)s::text, component, -bedrag, %(dag)s::date,
           soort || ' ' || %(maandtekst)s::text,
           'verrekening:' || %(maandtekst)s::text || ':' || vordering_id || ':' || toeslag_id
               || ':' || component,
           %(nu)s::timestamptz, verrekening_id
    FROM toewijzing
    RETURNING 1
),
saldo AS (
    UPDATE invordering_vordering v SET saldo = v.saldo - d.totaal
    FROM (SELECT vordering_id, sum(bedrag) AS totaal FROM toewijzing GROUP BY vordering_id) d
    WHERE v.id = d.vordering_id AND v.id = ANY(%(ids)s::bigint[])
    RETURNING v.id, v.burger_id, v.saldo
),
groep_feit AS (
    -- Every per-group fact in one list, so one GROUP BY gathers them without joins (a
    -- join of these small derived tables made the planner loop over them).
    SELECT burger_id, groep, eerste, aantal, bronnen, gewenst, openstaand, capaciteit,
           NULL::numeric AS genomen, NULL::bigint AS vordering_id, NULL::numeric AS open,
           NULL::numeric AS ruimte_volgend
    FROM deze
    UNION ALL
    SELECT burger_id, groep, NULL, NULL, NULL, NULL, NULL, NULL, bedrag, NULL, NULL, NULL
    FROM genomen
    UNION ALL
    SELECT burger_id, groep, NULL, NULL, NULL, NULL, NULL, NULL, NULL, vordering_id, NULL, NULL
    FROM toewijzing
    UNION ALL
    SELECT burger_id, groep, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, open, NULL
    FROM post
    UNION ALL
    SELECT burger_id, groep, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ruimte
    FROM ruimte WHERE volgend
),
per_groep AS (
    -- What each group gave this month, and what next month would give from what is left.
    SELECT burger_id, groep, max(eerste) AS eerste, max(aantal) AS aantal,
           max(bronnen) AS bronnen, max(gewenst) AS gewenst, max(openstaand) AS openstaand,
           max(capaciteit) AS capaciteit, coalesce(sum(genomen), 0.00) AS genomen,
           count(DISTINCT vordering_id) AS geraakt, coalesce(sum(open), 0.00) AS open_posten,
           coalesce(max(ruimte_volgend), 0.00) AS ruimte_volgend
    FROM groep_feit GROUP BY burger_id, groep
),
volgend AS (
    SELECT p.*, p.openstaand - p.genomen AS open_na, p.genomen > p.open_posten AS te_veel,
           CASE WHEN p.capaciteit IS NULL THEN p.volgend_los
                ELSE least(p.capaciteit, sum(p.volgend_los) OVER tot)
                     - least(p.capaciteit, coalesce(sum(p.volgend_los) OVER voor, 0)) END
               AS wordt
    FROM (SELECT *, greatest(0.00, least(gewenst, openstaand - genomen, ruimte_volgend))
                        AS volgend_los
          FROM per_groep) p
    WINDOW tot AS (PARTITION BY p.burger_id ORDER BY p.eerste),
           voor AS (PARTITION BY p.burger_id ORDER BY p.eerste
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
samen AS (
    SELECT burger_id,
           sum(aantal) FILTER (WHERE bronnen = 0) AS geen_voorschot,
           sum(geraakt) AS verrekend,
           sum(aantal) FILTER (WHERE bronnen > 0) - sum(geraakt) AS niets_ingehouden,
           sum(genomen) AS was, sum(wordt) AS wordt, sum(open_na) AS open_na,
           bool_or(te_veel) AS te_veel
    FROM volgend GROUP BY burger_id
),
nul AS (
    SELECT burger_id, array_agg(id) AS ids FROM saldo WHERE saldo = 0 GROUP BY burger_id
)
SELECT b.burger_id, b.status, b.aantal, b.vorderingen,
       coalesce(s.geen_voorschot, 0)::bigint, coalesce(s.verrekend, 0)::bigint,
       coalesce(s.niets_ingehouden, 0)::bigint, s.was::numeric(12, 2),
       s.wordt::numeric(12, 2), s.open_na::numeric(12, 2),
       coalesce(s.te_veel, false), coalesce(n.ids, '{}')
FROM burger b
LEFT JOIN samen s USING (burger_id)
LEFT JOIN nul n USING (burger_id)
ORDER BY b.burger_id
