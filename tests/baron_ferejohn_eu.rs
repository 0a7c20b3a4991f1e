//! The EU Council's qualified majority by the knapsack method (issue 16, item 1): values pinned
//! to 1e-10 against those computed before the method was made faster, at four discount factors
//! with and without Malta in the chair. Equilibrium values are unique (Eraslan & McLennan
//! 2013), so any faster path to the equilibrium must give these; the cases at delta 0.95 (Malta
//! recognised a quarter of the time, and equal recognition) are the Baron-Ferejohn shares of
//! the study `models/studies/eu_council_presidency.toml`. Each result has also passed the
//! library's independent check before it is returned.

use comity::bargaining::{Method, Recognition, baron_ferejohn};

/// `(delta, Malta's recognition probability if it chairs, values in member order)`, computed
/// by the knapsack method as of the merge of `fixthr` (commit 0714a9c).
#[rustfmt::skip]
const PINNED: [(f64, Option<f64>, [f64; 27]); 6] = [
    (0.9, Some(0.2), [
        0.049018409682476165,
        0.045640945425728836,
        0.0435276626528933,
        0.041197337773115184,
        0.03850538019968772,
        0.03456349803240295,
        0.0343117635265275,
        0.0329395984320784,
        0.032730572018734236,
        0.032671926150575216,
        0.03265217550959803,
        0.03261748332584103,
        0.03243505554537431,
        0.032339382834069945,
        0.03173024962492329,
        0.03162148684077401,
        0.031541331630867864,
        0.03150098949559701,
        0.03148288823808962,
        0.031150143042932642,
        0.03093103058181689,
        0.030759918468887457,
        0.030703389916695047,
        0.030591670450092517,
        0.030492636221072414,
        0.030433990166188103,
        0.11190908421296043,
    ]),
    (0.9, None, [
        0.05565319713942369,
        0.05146146638506499,
        0.048838710060366185,
        0.045946545141226834,
        0.04260560237248336,
        0.03771338799747644,
        0.037400944432686906,
        0.035697993248083135,
        0.03543854152252334,
        0.035365783860364076,
        0.035341265546513435,
        0.03529820815022864,
        0.035071812296661085,
        0.0349530632094665,
        0.03419708964838188,
        0.03406208583893059,
        0.033962592485530366,
        0.03391253529889582,
        0.03389007147037235,
        0.033477121679353045,
        0.03320516267393721,
        0.03299278181965585,
        0.03292266301108094,
        0.032784022504326764,
        0.0326611193891292,
        0.03258829547502252,
        0.0325579373428147,
    ]),
    (0.95, Some(0.25), [
        0.050258562537943974,
        0.04638407084423164,
        0.04395979750422279,
        0.041286542103246004,
        0.038198436255929585,
        0.03367646695534972,
        0.0333876871996332,
        0.031813594351493335,
        0.03157380757147653,
        0.031506531511753706,
        0.031483874276550056,
        0.03144407671185213,
        0.031234803066199763,
        0.03112505109753843,
        0.03042627790025101,
        0.030301509551305703,
        0.030209558633856957,
        0.03016327981757098,
        0.030142514811646277,
        0.029760802840920034,
        0.029509445857545488,
        0.029313152854374046,
        0.029248305558601605,
        0.02912014549533577,
        0.0290065374113951,
        0.0289392609448265,
        0.1365259063349498,
    ]),
    (0.95, None, [
        0.0584948421785064,
        0.05366326883459345,
        0.050640164552036925,
        0.04730652798485087,
        0.04345561039654524,
        0.0378166289099628,
        0.03745649265888369,
        0.03549359627453382,
        0.035194540733662974,
        0.035110677149325205,
        0.035082416176582885,
        0.035032786354789715,
        0.0347718325769799,
        0.034634957121757654,
        0.03376358874529762,
        0.03360797746365627,
        0.0334932969720034,
        0.03343559887669612,
        0.03340970611863814,
        0.03293372198445297,
        0.03262025012608412,
        0.03237545054132017,
        0.03229462857402363,
        0.03213482545507613,
        0.03199316183864162,
        0.03190922175531576,
        0.03187422964578247,
    ]),
    (0.5, Some(0.2), [
        0.03720553212918451,
        0.03614397815789028,
        0.03547976276196801,
        0.034747329857705456,
        0.03390123386450044,
        0.03266228036881285,
        0.03258315881020796,
        0.03215188063668536,
        0.032086182564595694,
        0.032067749612084966,
        0.03206154215203602,
        0.032050638539178763,
        0.031993299965334863,
        0.03196322963099198,
        0.031771776364754534,
        0.03173759109507791,
        0.03171239802044864,
        0.03169971836323548,
        0.03169402885760799,
        0.031589445840144045,
        0.0315205771264749,
        0.03146679573275532,
        0.03144902892954302,
        0.031413914815092654,
        0.031382788244339224,
        0.031364355133708464,
        0.15409978242564062,
    ]),
    (0.99, None, [
        0.06116019404569053,
        0.05572847340089088,
        0.05232985837788191,
        0.04858213869287661,
        0.04425288466273854,
        0.037913464837293215,
        0.037508594734156825,
        0.03530187991359914,
        0.03496567753997532,
        0.034871397021264225,
        0.03483962559714082,
        0.034783831110687835,
        0.03449046332560904,
        0.03433658605992802,
        0.03335698187206645,
        0.03318204157074998,
        0.03305311612749171,
        0.03298825116995575,
        0.03295914220111357,
        0.03242403433624556,
        0.03207162503216943,
        0.03179641795743711,
        0.031705556846442905,
        0.03152590401618339,
        0.03136664378821066,
        0.031272277179505106,
        0.031232938582695324,
    ]),
];

/// How far a value may move: the mixing LP and policy evaluation that end the method solve
/// the value equations to about 1e-14, and paths through other temperatures and pools were
/// seen to differ by up to 2e-11.
const PIN_TOLERANCE: f64 = 1e-10;

#[test]
fn the_eu_councils_values_are_those_pinned_with_and_without_a_small_state_chair() {
    let path = format!("{}/models/institutions/eu_council.toml", env!("CARGO_MANIFEST_DIR"));
    let body = comity::model::Institution::load(path).unwrap();
    let game = body.compile("qualified_majority").unwrap().game;
    let n = body.members().len();
    assert_eq!(n, 27);
    let malta = body.member_index("MLT").unwrap();
    for (delta, chair, pinned) in PINNED {
        let p = match chair {
            Some(probability) => Recognition::Chair { chair: malta, probability }.probabilities(n).unwrap(),
            None => Recognition::Equal.probabilities(n).unwrap(),
        };
        let eq = baron_ferejohn(&game, &p, delta).unwrap();
        assert_eq!(eq.method, Method::Knapsack);
        assert!((eq.values.iter().sum::<f64>() - 1.0).abs() < 1e-8);
        for (i, (value, expected)) in eq.values.iter().zip(pinned).enumerate() {
            assert!(
                (value - expected).abs() < PIN_TOLERANCE,
                "delta {delta}, chair {chair:?}, member {i}: {value} against {expected}"
            );
        }
    }
    // What the pinned numbers say, in words: at delta 0.9 Germany expects more than Malta under
    // equal recognition, and Malta gains more than five points by chairing a fifth of the time.
    let germany = body.member_index("DEU").unwrap();
    let (equal, chaired) = (&PINNED[1].2, &PINNED[0].2);
    assert!(equal[germany] > equal[malta] + 1e-3);
    assert!(chaired[malta] > equal[malta] + 0.05);
}
