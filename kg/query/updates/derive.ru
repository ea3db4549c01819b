# Rebuild graph/derived from the agreements and their status assertions.
# Runs in the same request (one transaction) as every ingest and rebuild.
PREFIX kg:   <https://w3id.org/alliance-kg/ont#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>

DROP SILENT GRAPH <https://w3id.org/alliance-kg/id/graph/derived> ;

# Current status: the latest assertion by earliest date, then by stage (undated counts as oldest).
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> { ?agr kg:currentStatus ?status } }
WHERE {
  ?agr kg:hasStatusAssertion ?sa . ?sa kg:status ?status . ?status kg:stageOrder ?o .
  OPTIONAL { ?sa kg:statusDateEarliest ?e }
  BIND (COALESCE(?e, "0001-01-01"^^xsd:date) AS ?d)
  FILTER NOT EXISTS {
    ?agr kg:hasStatusAssertion ?sa2 . ?sa2 kg:status ?st2 . ?st2 kg:stageOrder ?o2 .
    OPTIONAL { ?sa2 kg:statusDateEarliest ?e2 }
    BIND (COALESCE(?e2, "0001-01-01"^^xsd:date) AS ?d2)
    FILTER (?d2 > ?d || (?d2 = ?d && ?o2 > ?o))
  }
} ;

# Corroboration and time span of each agreement.
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> {
  ?agr kg:sourceCount ?n ; kg:firstDate ?first ; kg:lastDate ?last } }
WHERE {
  SELECT ?agr (COUNT(DISTINCT ?art) AS ?n) (MIN(?e) AS ?first) (MAX(?l) AS ?last) WHERE {
    ?agr kg:hasStatusAssertion ?sa . ?sa prov:wasDerivedFrom ?art .
    OPTIONAL { ?sa kg:statusDateEarliest ?e ; kg:statusDateLatest ?l }
  } GROUP BY ?agr
} ;

# Company-to-company shortcut edges (kg:investedIn, kg:acquired, kg:supplies, kg:licenses,
# kg:partneredWith) and, for each, a kg:CompanyLink node with its first/last date and the
# number of agreements and distinct sources behind it. kg:acquired needs a completed deal.
INSERT { GRAPH <https://w3id.org/alliance-kg/id/graph/derived> {
  ?a ?rel ?b .
  ?link a kg:CompanyLink ; kg:linkFrom ?a ; kg:linkTo ?b ; kg:linkRelation ?rel ;
        kg:firstDate ?first ; kg:lastDate ?last ; kg:sourceCount ?n ; kg:agreementCount ?k } }
WHERE {
  { SELECT ?a ?b ?rel (MIN(?e) AS ?first) (MAX(?l) AS ?last) (COUNT(DISTINCT ?art) AS ?n) (COUNT(DISTINCT ?agr) AS ?k)
    WHERE {
      { ?agr a kg:Investment ; kg:investor ?a ; kg:investee ?b . BIND (kg:investedIn AS ?rel) }
      UNION
      { ?agr a kg:Acquisition ; kg:acquirer ?a ; kg:target ?b ;
             kg:hasStatusAssertion/kg:status <https://w3id.org/alliance-kg/status/completed> .
        BIND (kg:acquired AS ?rel) }
      UNION
      { ?agr a kg:SupplyAgreement ; kg:supplier ?a ; kg:customer ?b . BIND (kg:supplies AS ?rel) }
      UNION
      { ?agr a kg:LicensingAgreement ; kg:licensor ?a ; kg:licensee ?b . BIND (kg:licenses AS ?rel) }
      UNION
      { VALUES ?cls { kg:Partnership kg:JointVenture kg:Merger kg:MemorandumOfUnderstanding }
        ?agr a ?cls ; kg:party ?a, ?b . FILTER (STR(?a) < STR(?b)) BIND (kg:partneredWith AS ?rel) }
      FILTER (?a != ?b)
      ?agr kg:hasStatusAssertion ?sa . ?sa prov:wasDerivedFrom ?art .
      OPTIONAL { ?sa kg:statusDateEarliest ?e ; kg:statusDateLatest ?l }
    } GROUP BY ?a ?b ?rel }
  BIND (IRI(CONCAT("https://w3id.org/alliance-kg/id/link/", MD5(CONCAT(STR(?rel), " ", STR(?a), " ", STR(?b))))) AS ?link)
}
