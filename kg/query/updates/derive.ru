# Rebuild graph/derived from the agreements and their status assertions.
# Runs in the same request (one transaction) as every ingest and rebuild.
# Every pattern names its graph: in an update the WHERE clause reads the store's real
# default graph (empty here), not the union of the named graphs that queries see.
# An operation that groups claims per agreement in a subquery repeats {{AGREEMENTS}} in its
# outer pattern too: Oxigraph evaluates the outer patterns apart from the subquery, so
# without it they run over every agreement (0.2 s per write at 10,000 articles).
# Every OPTIONAL holds one triple pattern and follows the patterns that bind its subject:
# Oxigraph then looks each row up; an OPTIONAL of two patterns, or one inside a GRAPH
# group, is evaluated over the whole store first (0.1 s per operation at 1,000 articles,
# growing with the store).
# Agreements live in graph/agreements, claims in the article (or curation) graphs, the
# stage order of each status in graph/ontology.
# A write re-derives only what its agreements feed: kg.graphwrite replaces {{AGREEMENTS}}
# with VALUES ?agr { the agreements it replaced or made }, {{LINK_AGREEMENTS}} with VALUES ?agr
# { every agreement between two companies of those groups } and {{PAIRS}} with VALUES (?a ?b)
# { those company pairs } (all three with nothing for a full rebuild), and deletes those
# rows first instead of the DROP. A VALUES over agreements comes first (a lookup); the one
# over pairs comes after the grouping it filters (it is on the group's keys, so it may come
# last; as a FILTER IN inside the group it cost one comparison per pair and row: seconds
# per write).
# The subqueries that pick one claim per agreement (status claim, amount, quantity) group
# every agreement of {{AGREEMENTS}} and leave the choice of flows to the outer pattern: a
# flow pattern inside them was evaluated over every flow in the store (1.3 s per write of
# 200 articles at 10,000 articles, against 0.13 s). A join, not FILTER EXISTS, checks that a
# claim states a quantity (EXISTS ran per row: 0.2 s against 0.08 s); INSERT keeps a triple
# once, so the repeated rows change nothing.
# A pattern on a node the write names (an agreement, or a flow of one) gives its class in a
# FILTER, `?agr a ?class ... FILTER (?class = kg:SupplyAgreement)`: written as
# `?agr a kg:SupplyAgreement`, Oxigraph read every node of that class in the store first
# (per write of 200 articles at 35,000 articles: goods flows 0.49 s against 0.04 s, the
# amounts 0.64 s against 0.09 s).

{{CLEAR}} ;

# Current status: the latest assertion by earliest date, then by stage (undated counts as
# oldest). One sort key per claim ("YYYY-MM-DD|1oo", o = stage order) and its maximum per
# agreement: linear, where a FILTER NOT EXISTS over all pairs of claims took seconds.
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr kg:currentStatus ?status } }
WHERE {
  {{AGREEMENTS}}
  { SELECT ?agr (MAX(?k) AS ?best) WHERE {
      {{AGREEMENTS}}
      GRAPH <https://w3id.org/alliance-kg/id/graph/agreements> { ?agr kg:hasStatusAssertion ?sa }
      GRAPH ?g { ?sa kg:status ?st } OPTIONAL { GRAPH ?g { ?sa kg:statusDateEarliest ?e } }
      GRAPH <https://w3id.org/alliance-kg/id/graph/ontology> { ?st kg:stageOrder ?o }
      BIND (CONCAT(STR(COALESCE(?e, "0001-01-01"^^xsd:date)), "|", STR(100 + ?o)) AS ?k)
    } GROUP BY ?agr }
  GRAPH <https://w3id.org/alliance-kg/id/graph/agreements> { ?agr kg:hasStatusAssertion ?sa }
  GRAPH ?g { ?sa kg:status ?status } OPTIONAL { GRAPH ?g { ?sa kg:statusDateEarliest ?e } }
  GRAPH <https://w3id.org/alliance-kg/id/graph/ontology> { ?status kg:stageOrder ?o }
  FILTER (CONCAT(STR(COALESCE(?e, "0001-01-01"^^xsd:date)), "|", STR(100 + ?o)) = ?best)
} ;

# Corroboration of each agreement: distinct sources.
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr kg:sourceCount ?n } }
WHERE {
  SELECT ?agr (COUNT(DISTINCT ?art) AS ?n) WHERE {
    {{AGREEMENTS}}
    GRAPH <https://w3id.org/alliance-kg/id/graph/agreements> { ?agr kg:hasStatusAssertion ?sa }
    GRAPH ?g { ?sa prov:wasDerivedFrom ?art }
  } GROUP BY ?agr
} ;

# Time span of each agreement over its dated claims (MIN/MAX over unbound values would be
# an error in SPARQL, so only dated claims take part).
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr kg:firstDate ?first ; kg:lastDate ?last } }
WHERE {
  SELECT ?agr (MIN(?e) AS ?first) (MAX(?l) AS ?last) WHERE {
    {{AGREEMENTS}}
    GRAPH <https://w3id.org/alliance-kg/id/graph/agreements> { ?agr kg:hasStatusAssertion ?sa }
    GRAPH ?g { ?sa kg:statusDateEarliest ?e ; kg:statusDateLatest ?l }
  } GROUP BY ?agr
} ;

# Company-to-company shortcut edges (kg:investedIn, kg:acquired, kg:supplies, kg:licenses,
# kg:partneredWith) and, for each, a kg:CompanyLink node with the number of agreements and
# distinct sources behind it (kg:acquired needs a completed deal), and the time span of the
# dated agreements between its two companies, whatever their kind (from the agreements'
# own spans, made above). The span is grouped by pair in a subquery of its own and joined
# to the links as they are made: joined afterwards to the links stored in graph/derived,
# Oxigraph read every link in the store (4.5 s per write of 200 articles at 35,000 articles).
# Each branch names its class in a FILTER (see the top): 0.58 s against 0.32 s.
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> {
  ?a ?rel ?b .
  ?link a kg:CompanyLink ; kg:linkFrom ?a ; kg:linkTo ?b ; kg:linkRelation ?rel ;
        kg:sourceCount ?n ; kg:agreementCount ?k ; kg:firstDate ?first ; kg:lastDate ?last } }
WHERE {
  { SELECT ?a ?b ?rel (COUNT(DISTINCT ?art) AS ?n) (COUNT(DISTINCT ?agr) AS ?k) WHERE {
      GRAPH <https://w3id.org/alliance-kg/id/graph/agreements> {
        {{LINK_AGREEMENTS}}
        { ?agr a ?class ; kg:investor ?a ; kg:investee ?b . FILTER (?class = kg:Investment) BIND (kg:investedIn AS ?rel) }
        UNION
        { ?agr a ?class ; kg:acquirer ?a ; kg:target ?b ; kg:hasStatusAssertion ?done .
          FILTER (?class = kg:Acquisition) BIND (kg:acquired AS ?rel) }
        UNION
        { ?agr a ?class ; kg:supplier ?a ; kg:customer ?b . FILTER (?class = kg:SupplyAgreement) BIND (kg:supplies AS ?rel) }
        UNION
        { ?agr a ?class ; kg:licensor ?a ; kg:licensee ?b . FILTER (?class = kg:LicensingAgreement) BIND (kg:licenses AS ?rel) }
        UNION
        { VALUES ?cls { kg:Partnership kg:JointVenture kg:Merger kg:MemorandumOfUnderstanding }
          ?agr a ?cls ; kg:party ?a, ?b . FILTER (STR(?a) < STR(?b)) BIND (kg:partneredWith AS ?rel) }
        ?agr kg:hasStatusAssertion ?sa .
      }
      FILTER (?a != ?b)
      FILTER (!BOUND(?done) || EXISTS { GRAPH ?gd { ?done kg:status <https://w3id.org/alliance-kg/status/completed> } })
      GRAPH ?g { ?sa prov:wasDerivedFrom ?art }
    } GROUP BY ?a ?b ?rel }
  {{PAIRS}}
  OPTIONAL {
    SELECT ?a ?b (MIN(?e) AS ?first) (MAX(?l) AS ?last) WHERE {
      GRAPH <https://w3id.org/alliance-kg/id/graph/agreements> { {{LINK_AGREEMENTS}} ?agr kg:party ?a, ?b }
      GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr kg:firstDate ?e ; kg:lastDate ?l }
    } GROUP BY ?a ?b }
  BIND (IRI(CONCAT("https://w3id.org/alliance-kg/id/link/", MD5(CONCAT(STR(?rel), " ", STR(?a), " ", STR(?b))))) AS ?link)
} ;

# Value flows: one kg:ValueFlow per (agreement, payer, payee) of a directed kind, whatever
# its status (queries choose the statuses): investor -> investee (capital), customer ->
# supplier (payment), licensee -> licensor (fees), acquirer -> target (purchase price).
# An agreement whose claims do not say who pays gets no flow.
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> {
  ?flow a kg:ValueFlow ; kg:flowOf ?agr ; kg:flowKind ?fk ; kg:payer ?payer ; kg:payee ?payee } }
WHERE {
  {{AGREEMENTS}}
  GRAPH <https://w3id.org/alliance-kg/id/graph/agreements> {
    { ?agr a ?class ; kg:investor ?payer ; kg:investee ?payee . FILTER (?class = kg:Investment) BIND (kg:capital AS ?fk) }
    UNION
    { ?agr a ?class ; kg:customer ?payer ; kg:supplier ?payee . FILTER (?class = kg:SupplyAgreement) BIND (kg:payment AS ?fk) }
    UNION
    { ?agr a ?class ; kg:licensee ?payer ; kg:licensor ?payee . FILTER (?class = kg:LicensingAgreement) BIND (kg:fees AS ?fk) }
    UNION
    { ?agr a ?class ; kg:acquirer ?payer ; kg:target ?payee . FILTER (?class = kg:Acquisition) BIND (kg:purchasePrice AS ?fk) }
  }
  FILTER (?payer != ?payee)
  BIND (IRI(CONCAT("https://w3id.org/alliance-kg/id/flow/", MD5(CONCAT(STR(?agr), " ", STR(?payer), " ", STR(?payee))))) AS ?flow)
} ;

# Goods flows: supplier -> customer for each supply agreement one of whose claims states a
# quantity of goods ("10 gigawatts", "one million TPUs").
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> {
  ?goods a kg:GoodsFlow ; kg:flowOf ?agr ; kg:goodsFrom ?supplier ; kg:goodsTo ?customer } }
WHERE {
  {{AGREEMENTS}}
  GRAPH <https://w3id.org/alliance-kg/id/graph/agreements> {
    ?agr a ?class ; kg:supplier ?supplier ; kg:customer ?customer ; kg:hasStatusAssertion ?sa }
  FILTER (?class = kg:SupplyAgreement && ?supplier != ?customer)
  GRAPH ?g { ?sa kg:reportedQuantity ?q }
  BIND (IRI(CONCAT("https://w3id.org/alliance-kg/id/goods/", MD5(CONCAT(STR(?agr), " ", STR(?supplier), " ", STR(?customer))))) AS ?goods)
} ;

# The quantity: the one stated by the agreement's latest dated claim that states one
# (undated claims count as oldest; the quantity's IRI breaks ties).
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?goods kg:goodsQuantity ?q ; kg:quantityClaim ?sa } }
WHERE {
  {{AGREEMENTS}}
  { SELECT ?agr (MAX(?k) AS ?best) WHERE {
      {{AGREEMENTS}}
      GRAPH <https://w3id.org/alliance-kg/id/graph/agreements> { ?agr kg:hasStatusAssertion ?sa }
      GRAPH ?g { ?sa kg:reportedQuantity ?q } OPTIONAL { GRAPH ?g { ?sa kg:statusDateEarliest ?e } }
      BIND (CONCAT(STR(COALESCE(?e, "0001-01-01"^^xsd:date)), "|", STR(?sa), "|", STR(?q)) AS ?k)
    } GROUP BY ?agr }
  GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?goods kg:flowOf ?agr ; a ?class }
  FILTER (?class = kg:GoodsFlow)
  BIND (IRI(STRBEFORE(STRAFTER(?best, "|"), "|")) AS ?sa)
  BIND (IRI(STRAFTER(STRAFTER(?best, "|"), "|")) AS ?q)
} ;

# A flow's (value or goods) status, dates and corroboration are its agreement's.
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> {
  ?flow kg:flowStatus ?st ; kg:firstDate ?first ; kg:lastDate ?last ; kg:sourceCount ?n } }
WHERE {
  {{AGREEMENTS}}
  GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?flow kg:flowOf ?agr }
  OPTIONAL { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr kg:currentStatus ?st } }
  OPTIONAL { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr kg:firstDate ?first } }
  OPTIONAL { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr kg:lastDate ?last } }
  OPTIONAL { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr kg:sourceCount ?n } }
} ;

# The claim behind the flow's status (the same order as kg:currentStatus; the claim's IRI
# breaks ties), whose sentence is the flow's evidence when no claim reports an amount.
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?flow kg:statusClaim ?sa } }
WHERE {
  {{AGREEMENTS}}
  { SELECT ?agr (MAX(?k) AS ?best) WHERE {
      {{AGREEMENTS}}
      GRAPH <https://w3id.org/alliance-kg/id/graph/agreements> { ?agr kg:hasStatusAssertion ?sa }
      GRAPH ?g { ?sa kg:status ?st } OPTIONAL { GRAPH ?g { ?sa kg:statusDateEarliest ?e } }
      GRAPH <https://w3id.org/alliance-kg/id/graph/ontology> { ?st kg:stageOrder ?o }
      BIND (CONCAT(STR(COALESCE(?e, "0001-01-01"^^xsd:date)), "|", STR(100 + ?o), "|", STR(?sa)) AS ?k)
    } GROUP BY ?agr }
  GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?flow kg:flowOf ?agr }
  BIND (IRI(STRAFTER(STRAFTER(?best, "|"), "|")) AS ?sa)
} ;

# The amount: the one reported by the agreement's latest dated claim that reports one
# (undated claims count as oldest; the amount's IRI breaks ties).
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?flow kg:flowAmount ?m ; kg:amountClaim ?sa } }
WHERE {
  {{AGREEMENTS}}
  { SELECT ?agr (MAX(?k) AS ?best) WHERE {
      {{AGREEMENTS}}
      GRAPH <https://w3id.org/alliance-kg/id/graph/agreements> { ?agr kg:hasStatusAssertion ?sa }
      GRAPH ?g { ?sa kg:reportedAmount ?m } OPTIONAL { GRAPH ?g { ?sa kg:statusDateEarliest ?e } }
      BIND (CONCAT(STR(COALESCE(?e, "0001-01-01"^^xsd:date)), "|", STR(?sa), "|", STR(?m)) AS ?k)
    } GROUP BY ?agr }
  GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?flow kg:flowOf ?agr ; a ?class }
  FILTER (?class = kg:ValueFlow)
  BIND (IRI(STRBEFORE(STRAFTER(?best, "|"), "|")) AS ?sa)
  BIND (IRI(STRAFTER(STRAFTER(?best, "|"), "|")) AS ?m)
} ;

# The amount in US dollars: as reported in USD, else with the yearly average rate
# (graph/rates) of the amount claim's year, else of the agreement's first date.
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?flow kg:usdValue ?usd ; kg:convertedWith ?rate } }
WHERE {
  {{AGREEMENTS}}
  GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?flow kg:flowAmount ?m ; kg:amountClaim ?sa ; kg:flowOf ?agr }
  GRAPH ?g { ?m schema:value ?v ; schema:currency ?cur }
  OPTIONAL { GRAPH ?g { ?sa kg:statusDateEarliest ?e } }
  OPTIONAL { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr kg:firstDate ?first } }
  BIND (YEAR(COALESCE(?e, ?first)) AS ?year)
  OPTIONAL {
    GRAPH <https://w3id.org/alliance-kg/id/graph/rates> { ?rate schema:currency ?cur ; kg:rateYear ?year ; kg:usdPerUnit ?r }
    FILTER (STR(?cur) != "USD")
  }
  BIND (IF(STR(?cur) = "USD", ?v, ?v * ?r) AS ?raw)
  FILTER (BOUND(?raw))
  BIND (xsd:decimal(ROUND(?raw)) AS ?usd)
} ;

# Why an amount has no US dollar value.
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?flow kg:conversionNote ?note } }
WHERE {
  {{AGREEMENTS}}
  GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?flow kg:flowAmount ?m ; kg:amountClaim ?sa ; kg:flowOf ?agr }
  FILTER NOT EXISTS { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?flow kg:usdValue ?u } }
  GRAPH ?g { ?m schema:currency ?cur }
  OPTIONAL { GRAPH ?g { ?sa kg:statusDateEarliest ?e } }
  OPTIONAL { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr kg:firstDate ?first } }
  BIND (COALESCE(CONCAT(" in ", STR(YEAR(COALESCE(?e, ?first)))), " (the amount is undated)") AS ?when)
  BIND (CONCAT("not converted: no ", STR(?cur), " rate", ?when, " in the exchange-rate table") AS ?note)
} ;

# RDFS class entailment, which no store here infers: each agreement also carries the
# superclasses of its kind (kg:Investment -> kg:Agreement, ...), so a user's
# `?a a kg:Agreement` finds every agreement. Read from graph/agreements only (one copy).
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr a ?super } }
WHERE {
  {{AGREEMENTS}}
  GRAPH <https://w3id.org/alliance-kg/id/graph/agreements> { ?agr a ?cls }
  GRAPH <https://w3id.org/alliance-kg/id/graph/ontology> { ?cls rdfs:subClassOf+ ?super }
  FILTER (isIRI(?super))
}
