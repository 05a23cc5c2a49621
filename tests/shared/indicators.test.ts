import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INDICATOR_OPTIONS,
  INDICATORS,
  INDICATOR_BY_ID,
  INDICATOR_OPTION_DOCS,
  bedSources,
  computeIndicators,
  describeIndicator,
  describeIndicatorOptions,
  emptyAreaCounts,
  indicatorValuesById,
  resolveIndicatorOptions,
  type AreaCounts,
  type BedTally,
  type FacilityTally,
  type IndicatorId,
  type IndicatorOptionsInput,
  type IndicatorValue,
  type RatingTally,
} from '../../shared/domain/indicators';

// A hand-computed district as of 2024-06-30. Totals under the default options (statuses 运营 + 停业整改; bed kinds
// all but 邻里互助点; family care beds apart) are worked out beside each expectation below.
const bed = (
  facilityKind: BedTally['facilityKind'],
  facilityStatus: BedTally['facilityStatus'],
  category: BedTally['category'],
  beds: number,
  nursingBeds: number,
  reserveBeds: number,
  occupiedBeds: number,
): BedTally => ({ facilityKind, facilityStatus, category, beds, nursingBeds, reserveBeds, occupiedBeds });

const facility = (
  kind: FacilityTally['kind'],
  status: FacilityTally['status'],
  medicalService: FacilityTally['medicalService'],
  facilities: number,
  approvedBeds: number,
  facilitiesWithoutApprovedBeds: number,
): FacilityTally => ({ kind, status, medicalService, facilities, approvedBeds, facilitiesWithoutApprovedBeds });

const rated = (kind: RatingTally['kind'], status: RatingTally['status'], stars: number, facilities: number): RatingTally => ({
  kind,
  status,
  stars,
  facilities,
});

const DISTRICT: AreaCounts = {
  areaCode: '110118',
  asOf: '2024-06-30',
  beds: [
    bed('institution', 'operating', 'long_term', 300, 240, 6, 150),
    bed('institution', 'operating', 'short_term', 20, 10, 0, 5),
    bed('institution', 'suspended', 'long_term', 50, 20, 1, 0),
    bed('institution', 'closed', 'long_term', 40, 40, 0, 0),
    bed('care_center', 'operating', 'long_term', 60, 30, 2, 30),
    bed('community_station', 'operating', 'short_term', 10, 0, 0, 4),
    bed('rural_station', 'operating', 'short_term', 8, 0, 0, 2),
    bed('mutual_aid_point', 'operating', 'short_term', 2, 0, 0, 1),
  ],
  declared: [],
  familyCareBeds: [
    { providerKind: 'community_station', providerStatus: 'operating', beds: 30 },
    { providerKind: 'institution', providerStatus: 'closed', beds: 5 },
  ],
  facilities: [
    facility('institution', 'operating', 'onsite', 3, 250, 0),
    facility('institution', 'operating', 'contracted', 2, 100, 1),
    facility('institution', 'operating', null, 1, 0, 1),
    facility('institution', 'suspended', 'none', 1, 50, 0),
    facility('institution', 'closed', 'none', 2, 80, 0),
    facility('care_center', 'operating', 'contracted', 2, 60, 0),
    facility('community_station', 'operating', null, 4, 0, 4),
    facility('rural_station', 'operating', null, 3, 0, 3),
    facility('mutual_aid_point', 'operating', null, 5, 0, 5),
  ],
  ratings: [
    rated('institution', 'operating', 1, 1),
    rated('institution', 'operating', 2, 3),
    rated('institution', 'operating', 3, 1),
    rated('institution', 'suspended', 4, 1),
    rated('institution', 'closed', 5, 1),
    rated('community_station', 'operating', 1, 2),
    rated('rural_station', 'operating', 2, 1),
  ],
  streetCount: 20,
  careCenterStreets: [
    { streetCode: '110118001', status: 'operating' },
    { streetCode: '110118001', status: 'suspended' },
    { streetCode: '110118002', status: 'closed' },
    { streetCode: '110118003', status: 'operating' },
  ],
  population: {
    residentTotal: { value: 45000, year: 2023 },
    resident60Plus: { value: 9800, year: 2023 },
    resident65Plus: null,
    registered60Plus: { value: 11200, year: 2022 },
    registered65Plus: { value: 7000, year: 2025 },
  },
  staff: [
    { facilityStatus: 'operating', recorded: 60, caregivers: 45, certified: 41 },
    { facilityStatus: 'suspended', recorded: 5, caregivers: 4, certified: 1 },
    { facilityStatus: 'closed', recorded: 3, caregivers: 2, certified: 2 },
  ],
  tekunCentralCare: { decided: 14, needing: 12, inStay: 11 },
};

function values(counts: AreaCounts, options: IndicatorOptionsInput = {}): Record<IndicatorId, IndicatorValue> {
  return indicatorValuesById(computeIndicators(counts, resolveIndicatorOptions(options))) as Record<
    IndicatorId,
    IndicatorValue
  >;
}

describe('catalogue', () => {
  it('names every indicator issue 6 asks for, exactly', () => {
    const names = INDICATORS.map((d) => d.name);
    for (const name of [
      '养老床位数',
      '每千名常住人口养老床位数',
      '每千名老年人养老床位数',
      '护理型床位数',
      '护理型床位占比',
      '应急预留床位数',
      '应急预留床位占比',
      '入住率',
      '家庭照护床位数',
      '每千名老年人家庭照护床位数',
      '养老机构数',
      '养老照料中心数',
      '社区养老服务驿站数',
      '农村幸福晚年驿站数',
      '邻里互助点数',
      '养老照料中心街乡覆盖率',
      '星评率',
      '二星级养老机构数',
      '医疗服务覆盖率',
      '特困人员集中供养率',
      '核定床位数',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('has unique ids and names, and consistent units and decimals', () => {
    expect(new Set(INDICATORS.map((d) => d.id)).size).toBe(INDICATORS.length);
    expect(new Set(INDICATORS.map((d) => d.name)).size).toBe(INDICATORS.length);
    for (const d of INDICATORS) {
      expect(d.formula, d.id).toMatch(/[\u4e00-\u9fff]/);
      expect(d.numerator, d.id).toMatch(/[\u4e00-\u9fff]/);
      if (d.kind === 'count') {
        expect(d.decimals, d.id).toBe(0);
        expect(d.denominator, d.id).toBeNull();
      }
      if (d.kind === 'percent') expect([d.unit, d.decimals], d.id).toEqual(['%', 1]);
      if (d.kind === 'per_thousand') expect([d.unit, d.decimals], d.id).toEqual(['张/千人', 2]);
      if (d.kind !== 'count') expect(d.denominator, d.id).toMatch(/[\u4e00-\u9fff]/);
      for (const option of d.options) expect(INDICATOR_OPTION_DOCS[option], `${d.id} ${option}`).toBeDefined();
    }
    expect(INDICATOR_BY_ID.beds_per_thousand_residents.name).toBe('每千名常住人口养老床位数');
  });

  it('words definitions for the options in use', () => {
    expect(INDICATOR_BY_ID.beds_per_thousand_elderly.denominator).toBe('60岁及以上常住人口');
    const registered = describeIndicator(
      'beds_per_thousand_elderly',
      resolveIndicatorOptions({ elderlyPopulationBasis: 'registered', elderlyAgeThreshold: 65 }),
    );
    expect(registered.denominator).toBe('65岁及以上户籍人口');
    expect(registered.formula).toContain('65岁及以上户籍人口');
    expect(INDICATOR_BY_ID.eldercare_beds.numerator).toContain('不含家庭照护床位');
    expect(describeIndicator('eldercare_beds', resolveIndicatorOptions({ includeFamilyCareBeds: true })).numerator).toContain(
      '加上统计日开放的家庭照护床位',
    );
    expect(describeIndicator('nursing_bed_share', resolveIndicatorOptions({ nursingShareScope: 'all' })).denominator).toContain(
      '养老照料中心',
    );
  });
});

describe('options', () => {
  it('defaults as issue 6 says', () => {
    expect(DEFAULT_INDICATOR_OPTIONS).toEqual({
      includeFamilyCareBeds: false,
      bedSource: 'itemised_or_declared',
      bedFacilityKinds: ['institution', 'care_center', 'guidance_center', 'community_station', 'rural_station'],
      elderlyPopulationBasis: 'resident',
      elderlyAgeThreshold: 60,
      nursingShareScope: 'institutions',
      facilityStatusesCounted: ['operating', 'suspended'],
    });
  });

  it('validates, de-duplicates and does not share default arrays', () => {
    expect(resolveIndicatorOptions({ facilityStatusesCounted: ['operating', 'operating'] }).facilityStatusesCounted).toEqual([
      'operating',
    ]);
    expect(() => resolveIndicatorOptions({ facilityStatusesCounted: [] })).toThrow();
    expect(() => resolveIndicatorOptions({ elderlyAgeThreshold: 70 as 60 })).toThrow();
    const a = resolveIndicatorOptions();
    a.bedFacilityKinds.push('mutual_aid_point');
    expect(resolveIndicatorOptions().bedFacilityKinds).not.toContain('mutual_aid_point');
  });

  it('documents every option in Chinese and names the values used', () => {
    for (const doc of Object.values(INDICATOR_OPTION_DOCS)) {
      expect(doc.label).toMatch(/[\u4e00-\u9fff]/);
      expect(doc.description).toMatch(/[\u4e00-\u9fff]/);
    }
    const described = describeIndicatorOptions(DEFAULT_INDICATOR_OPTIONS);
    expect(described.find((d) => d.key === 'includeFamilyCareBeds')?.value).toBe('否');
    expect(described.find((d) => d.key === 'facilityStatusesCounted')?.value).toBe('运营、停业整改');
    expect(described.find((d) => d.key === 'elderlyAgeThreshold')?.value).toBe('60岁及以上');
    expect(described.find((d) => d.key === 'elderlyPopulationBasis')?.value).toBe('常住');
  });
});

describe('computeIndicators with default options', () => {
  const v = values(DISTRICT);

  it('returns one value per indicator in catalogue order', () => {
    expect(computeIndicators(DISTRICT).map((x) => x.id)).toEqual(INDICATORS.map((d) => d.id));
  });

  it('counts beds of counted facilities, without family care beds', () => {
    // 300 + 20 + 50 (停业整改) + 60 + 10 + 8; not the 注销 institution, not the 邻里互助点.
    expect(v.eldercare_beds).toEqual({ id: 'eldercare_beds', value: 448, numerator: 448, denominator: null });
    expect(v.family_care_beds.value).toBe(30);
  });

  it('computes per-thousand values with two decimals and the population year', () => {
    // 448 / 45000 × 1000 = 9.9555…
    expect(v.beds_per_thousand_residents).toEqual({
      id: 'beds_per_thousand_residents',
      value: 9.96,
      numerator: 448,
      denominator: 45000,
      populationYear: 2023,
      populationFigure: '常住人口',
    });
    // 448 / 9800 × 1000 = 45.714…
    expect(v.beds_per_thousand_elderly).toMatchObject({ value: 45.71, denominator: 9800, populationYear: 2023, populationFigure: '60岁及以上常住人口' });
    // 30 / 9800 × 1000 = 3.0612…
    expect(v.family_care_beds_per_thousand_elderly).toMatchObject({ value: 3.06, numerator: 30, denominator: 9800 });
    // 49 / 9800 × 10000 = 50
    expect(v.caregivers_per_ten_thousand_elderly).toMatchObject({ value: 50, numerator: 49, denominator: 9800 });
    // Caregivers of a closed facility are not counted (statuses counted: 运营, 停业整改).
    expect(v.caregivers_on_duty).toMatchObject({ value: 49, numerator: 49 });
    expect(v.certified_caregiver_rate).toMatchObject({ value: 85.7, numerator: 42, denominator: 49 });
    expect(v.tekun_needing_central_support.value).toBe(12);
  });

  it('computes the nursing share over 养老机构 only', () => {
    // institutions: beds 300 + 20 + 50 = 370, nursing 240 + 10 + 20 = 270 → 72.97 %
    expect(v.nursing_beds).toMatchObject({ value: 270 });
    expect(v.nursing_bed_share).toMatchObject({ value: 73, numerator: 270, denominator: 370 });
  });

  it('computes reserve share and occupancy over 养老床位数', () => {
    // reserve 6 + 1 + 2 = 9; 9 / 448 = 2.0089 %
    expect(v.reserve_beds.value).toBe(9);
    expect(v.reserve_bed_share).toMatchObject({ value: 2, numerator: 9, denominator: 448 });
    // occupied 150 + 5 + 30 + 4 + 2 = 191; 191 / 448 = 42.63 %
    expect(v.occupied_beds.value).toBe(191);
    expect(v.occupancy_rate).toMatchObject({ value: 42.6, numerator: 191, denominator: 448 });
  });

  it('counts facilities by kind', () => {
    expect(v.institutions.value).toBe(7); // 3 + 2 + 1 运营, 1 停业整改
    expect(v.care_centers.value).toBe(2);
    expect(v.guidance_centers.value).toBe(0);
    expect(v.community_stations.value).toBe(4);
    expect(v.rural_stations.value).toBe(3);
    expect(v.mutual_aid_points.value).toBe(5);
  });

  it('sums approved beds and notes facilities without a figure', () => {
    // 250 + 100 + 0 + 50 + 60; facilities without: 1 + 1 + 4 + 3 (邻里互助点 not a bed kind)
    expect(v.approved_beds).toMatchObject({ value: 460, note: '9 家设施未登记核定床位数，未计入' });
  });

  it('computes care-centre coverage of streets', () => {
    // streets 001 and 003 have a counted centre; 002's centre is 注销. 2 / 20
    expect(v.care_center_street_coverage).toMatchObject({ value: 10, numerator: 2, denominator: 20 });
  });

  it('computes 星评率 over operating institutions only', () => {
    // operating institutions 6; operating with ≥ 二星: 3 + 1 = 4 → 66.67 %
    expect(v.star_rating_rate).toEqual({ id: 'star_rating_rate', value: 66.7, numerator: 4, denominator: 6 });
  });

  it('counts stars by level', () => {
    expect([1, 2, 3, 4, 5].map((n) => v[`institutions_star_${n}` as IndicatorId].value)).toEqual([1, 3, 1, 1, 0]);
    expect([1, 2, 3].map((n) => v[`stations_star_${n}` as IndicatorId].value)).toEqual([2, 1, 0]);
  });

  it('computes medical-service coverage and notes unknown services', () => {
    // institutions counted 7; onsite 3 + contracted 2 = 5 → 71.43 %
    expect(v.medical_service_coverage).toMatchObject({
      value: 71.4,
      numerator: 5,
      denominator: 7,
      note: '1 家养老机构未登记医疗服务情况，按无医疗服务计',
    });
  });

  it('computes the 特困 centralised-support rate', () => {
    expect(v.tekun_central_support_rate).toMatchObject({ value: 91.7, numerator: 11, denominator: 12 });
  });
});

describe('computeIndicators with options switched', () => {
  it('adds family care beds to 养老床位数 but not to occupancy or reserve share', () => {
    const v = values(DISTRICT, { includeFamilyCareBeds: true });
    expect(v.eldercare_beds.value).toBe(478);
    expect(v.beds_per_thousand_residents.value).toBe(10.62); // 478 / 45000 × 1000 = 10.622…
    expect(v.beds_per_thousand_elderly.value).toBe(48.78); // 478 / 9800 × 1000 = 48.775…
    expect(v.occupancy_rate).toMatchObject({ value: 42.6, denominator: 448 });
    expect(v.reserve_bed_share).toMatchObject({ value: 2, denominator: 448 });
    expect(v.family_care_beds.value).toBe(30);
  });

  it('switches the elderly population to 户籍', () => {
    const v = values(DISTRICT, { elderlyPopulationBasis: 'registered' });
    expect(v.beds_per_thousand_elderly).toMatchObject({ value: 40, denominator: 11200, populationYear: 2022 });
    expect(v.family_care_beds_per_thousand_elderly.value).toBe(2.68); // 30 / 11200 × 1000 = 2.678…
    expect(v.caregivers_per_ten_thousand_elderly.value).toBe(43.75); // 49 / 11200 × 10000
    expect(v.beds_per_thousand_residents.value).toBe(9.96);
  });

  it('switches the nursing share to all facilities', () => {
    const v = values(DISTRICT, { nursingShareScope: 'all' });
    // 240 + 10 + 20 + 30 = 300 of 448 → 66.96 %
    expect(v.nursing_beds.value).toBe(300);
    expect(v.nursing_bed_share).toMatchObject({ value: 67, numerator: 300, denominator: 448 });
  });

  it('counts only 运营 facilities when asked', () => {
    const v = values(DISTRICT, { facilityStatusesCounted: ['operating'] });
    expect(v.eldercare_beds.value).toBe(398);
    expect(v.nursing_bed_share).toMatchObject({ value: 78.1, numerator: 250, denominator: 320 });
    expect(v.reserve_bed_share).toMatchObject({ value: 2, numerator: 8, denominator: 398 }); // 2.01 %
    expect(v.occupancy_rate.value).toBe(48); // 191 / 398 = 47.99 %
    expect(v.institutions.value).toBe(6);
    expect(v.institutions_star_4.value).toBe(0);
    expect(v.medical_service_coverage).toMatchObject({ value: 83.3, numerator: 5, denominator: 6 });
    expect(v.care_center_street_coverage.value).toBe(10);
    // 星评率 always uses 运营, so it does not move.
    expect(v.star_rating_rate.value).toBe(66.7);
  });

  it('counts 注销 facilities when a user insists', () => {
    const v = values(DISTRICT, { facilityStatusesCounted: ['operating', 'suspended', 'closed'] });
    expect(v.eldercare_beds.value).toBe(488);
    expect(v.family_care_beds.value).toBe(35);
    expect(v.care_center_street_coverage.value).toBe(15);
    expect(v.institutions_star_5.value).toBe(1);
    expect(v.star_rating_rate.value).toBe(66.7);
  });

  it('adds declared figures of facilities without itemised beds, by kind and status like beds, unless only itemised beds count', () => {
    const declared: AreaCounts = {
      ...DISTRICT,
      declared: [
        { facilityKind: 'institution', facilityStatus: 'operating', facilities: 2, beds: 100, nursingBeds: 60, reserveBeds: 2, shortTermBeds: 10, residents: 70 },
        { facilityKind: 'institution', facilityStatus: 'closed', facilities: 1, beds: 50, nursingBeds: 50, reserveBeds: 0, shortTermBeds: 0, residents: 0 },
        { facilityKind: 'mutual_aid_point', facilityStatus: 'operating', facilities: 1, beds: 5, nursingBeds: 0, reserveBeds: 0, shortTermBeds: 0, residents: 5 },
      ],
    };
    const v = values(declared);
    expect(v.eldercare_beds.value).toBe(448 + 100);
    expect(v.nursing_beds.value).toBe(values(DISTRICT).nursing_beds.value! + 60);
    expect(v.occupied_beds.value).toBe(values(DISTRICT).occupied_beds.value! + 70);
    expect(bedSources(declared, resolveIndicatorOptions({}))).toEqual({ itemisedBeds: 448, declaredFacilities: 2, declaredBeds: 100 });
    expect(values(declared, { bedSource: 'itemised' }).eldercare_beds.value).toBe(448);
    expect(bedSources(declared, resolveIndicatorOptions({ bedSource: 'itemised' }))).toEqual({ itemisedBeds: 448, declaredFacilities: 0, declaredBeds: 0 });
  });

  it('restricts beds to chosen facility kinds', () => {
    const v = values(DISTRICT, { bedFacilityKinds: ['institution'] });
    expect(v.eldercare_beds.value).toBe(370);
    expect(v.beds_per_thousand_residents.value).toBe(8.22); // 370 / 45000 × 1000 = 8.222…
    expect(v.approved_beds).toMatchObject({ value: 400, note: '2 家设施未登记核定床位数，未计入' });
    const withPoints = values(DISTRICT, { bedFacilityKinds: ['institution', 'mutual_aid_point'] });
    expect(withPoints.eldercare_beds.value).toBe(372);
  });

  it('uses 65+ figures and refuses one dated after the as-of date', () => {
    const resident65 = values(DISTRICT, { elderlyAgeThreshold: 65 });
    expect(resident65.beds_per_thousand_elderly).toMatchObject({
      value: null,
      numerator: 448,
      denominator: null,
      missingReason: '缺少2024年及以前的65岁及以上常住人口数据',
    });
    const registered65 = values(DISTRICT, { elderlyAgeThreshold: 65, elderlyPopulationBasis: 'registered' });
    expect(registered65.beds_per_thousand_elderly).toMatchObject({
      value: null,
      missingReason: '65岁及以上户籍人口数据年份（2025年）晚于统计日期（2024-06-30），不能使用',
    });
  });
});

describe('missing data and zero denominators', () => {
  it('shows missing populations as missing with a reason, never 0', () => {
    const counts: AreaCounts = { ...emptyAreaCounts('110109', '2021-12-31'), beds: DISTRICT.beds, staff: [{ facilityStatus: 'operating', recorded: 10, caregivers: 10, certified: 0 }] };
    const v = values(counts);
    for (const id of [
      'beds_per_thousand_residents',
      'beds_per_thousand_elderly',
      'family_care_beds_per_thousand_elderly',
      'caregivers_per_ten_thousand_elderly',
    ] as const) {
      expect(v[id].value, id).toBeNull();
      expect(v[id].missingReason, id).toMatch(/^缺少2021年及以前的/);
    }
    expect(v.beds_per_thousand_residents.missingReason).toBe('缺少2021年及以前的常住人口数据');
    expect(v.eldercare_beds.value).toBe(448);
  });

  it('treats a zero population as missing', () => {
    const counts: AreaCounts = {
      ...DISTRICT,
      population: { ...DISTRICT.population, residentTotal: { value: 0, year: 2023 } },
    };
    expect(values(counts).beds_per_thousand_residents).toMatchObject({
      value: null,
      missingReason: '2023年常住人口为 0，无法计算',
    });
  });

  it('gives null shares, not 0, when there are no beds', () => {
    const v = values(emptyAreaCounts('110115', '2024-06-30'));
    expect(v.eldercare_beds.value).toBe(0);
    expect(v.nursing_beds.value).toBe(0);
    expect(v.nursing_bed_share).toMatchObject({ value: null, numerator: 0, denominator: 0, missingReason: '养老机构床位数为 0，无法计算占比' });
    expect(v.reserve_bed_share).toMatchObject({ value: null, missingReason: '养老床位数为 0，无法计算占比' });
    expect(v.occupancy_rate).toMatchObject({ value: null, missingReason: '养老床位数为 0，无法计算占比' });
    expect(values(emptyAreaCounts('110115', '2024-06-30'), { nursingShareScope: 'all' }).nursing_bed_share.missingReason).toBe(
      '养老床位数为 0，无法计算占比',
    );
  });

  it('gives null rates without facilities, streets, staff or 特困 data', () => {
    const v = values(emptyAreaCounts('110115', '2024-06-30'));
    expect(v.star_rating_rate).toMatchObject({ value: null, missingReason: '统计日无运营中的养老机构，无法计算星评率' });
    expect(v.medical_service_coverage).toMatchObject({ value: null, missingReason: '统计范围内没有养老机构，无法计算覆盖率' });
    expect(v.care_center_street_coverage).toMatchObject({
      value: null,
      missingReason: '本区域未登记街道（乡镇），无法计算覆盖率',
    });
    expect(v.tekun_central_support_rate).toMatchObject({ value: null, missingReason: '未登记特困人员集中供养需求数据' });
    expect(v.caregivers_per_ten_thousand_elderly).toMatchObject({ value: null, missingReason: '未登记养老护理员人数' });
    expect(v.approved_beds).toMatchObject({ value: 0 });
    expect(v.institutions.value).toBe(0);
  });

  it('handles a zero street count and zero 特困 demand', () => {
    const counts: AreaCounts = {
      ...emptyAreaCounts('110115', '2024-06-30'),
      streetCount: 0,
      tekunCentralCare: { decided: 3, needing: 0, inStay: 0 },
    };
    const v = values(counts);
    expect(v.care_center_street_coverage).toMatchObject({ value: null, missingReason: '本区域街道（乡镇）数为 0，无法计算覆盖率' });
    expect(v.tekun_central_support_rate).toMatchObject({
      value: null,
      numerator: 0,
      denominator: 0,
      missingReason: '统计日没有有集中供养需求的特困人员，无法计算',
    });
  });

  it('reports approved beds as missing when no facility has a figure', () => {
    const counts: AreaCounts = {
      ...emptyAreaCounts('110115', '2024-06-30'),
      facilities: [facility('community_station', 'operating', null, 4, 0, 4)],
    };
    expect(values(counts).approved_beds).toMatchObject({ value: null, missingReason: '统计范围内的设施均未登记核定床位数' });
  });

  it('uses a population figure from the as-of year itself', () => {
    const counts: AreaCounts = {
      ...DISTRICT,
      population: { ...DISTRICT.population, residentTotal: { value: 44800, year: 2024 } },
    };
    expect(values(counts).beds_per_thousand_residents).toMatchObject({ value: 10, populationYear: 2024 });
  });
});

describe('seed-document cross-checks', () => {
  it('reproduces Mentougou 6.69 beds per 1,000 from 1,836 beds', () => {
    const counts: AreaCounts = {
      ...emptyAreaCounts('110109', '2020-12-31'),
      beds: [bed('institution', 'operating', 'long_term', 1836, 0, 0, 0)],
      population: { ...emptyAreaCounts('', '').population, residentTotal: { value: 274_440, year: 2020 } },
    };
    expect(values(counts).beds_per_thousand_residents.value).toBe(6.69);
  });
});
